"""A whole team session, scripted (#23): three clones of one bare remote; imports of exports that
overlap; two blind reviewers screening with maybes; duplicates settled; an adjudicator settling
the conflicts; a PDF attached and tagged; a new exclusion reason; syncs in turn. At the end
every clone tells the same numbers, and holds the PDF and the reason."""

from __future__ import annotations

import json

from benchmarks.pdfs import article_pdf
from reviewer.annotating.placing import new_claim
from reviewer.domain.decision import Decision
from reviewer.importing.attach import attach
from reviewer.review.folder import init_review, open_review
from reviewer.team.state import ReviewState
from tests.conftest import FIXTURES, git, give_git_an_identity, run_cli

TEAM = ("Alice", "Bob", "Dana")


def cli(capsys, *args):
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    return out


def test_three_clones_end_with_the_same_review(tmp_path, capsys, monkeypatch):
    give_git_an_identity(monkeypatch)
    bare = tmp_path / "team.git"
    git(tmp_path, "init", "--bare", "-b", "main", str(bare))
    # Dana sets the review up: blind, Dana adjudicates
    first = tmp_path / "dana"
    git(tmp_path, "clone", str(bare), str(first))
    review = init_review(first, name="Vertebroplasty")
    review.config_path.write_text(
        review.config_path.read_text(encoding="utf-8").replace("adjudicators = []", 'adjudicators = ["Dana"]')
    )
    git(first, "add", "-A")
    git(first, "commit", "-m", "the review")
    git(first, "push", "-u", "origin", "HEAD:main")
    clones = {"Dana": first}
    for name in ("Alice", "Bob"):
        clones[name] = tmp_path / name.lower()
        git(tmp_path, "clone", "-b", "main", str(bare), str(clones[name]))

    def sync(name):
        cli(capsys, "sync", "--review", str(clones[name]), "--reviewer", name)

    # Alice imports PubMed and Embase, Bob imports Scopus and Web of Science: they overlap
    for name, files in (
        ("Alice", ("embase-vertebroplasty.ris", "pubmed.nbib")),
        ("Bob", ("scopus-crlf.ris", "wos-plain.txt")),
    ):
        for file in files:
            cli(capsys, "import", str(FIXTURES / file), "--review", str(clones[name]))
    sync("Alice")
    sync("Bob")
    sync("Alice")
    alice, bob = open_review(clones["Alice"]), open_review(clones["Bob"])
    assert [r.id for r in alice.records()] == [r.id for r in bob.records()]
    # Bob settles a duplicate group the import could not: keep the first, set the others aside
    groups = [json.loads(line) for line in cli(capsys, "dedupe", "--review", str(bob.root), "--json").splitlines()]
    cli(capsys, "dedupe", "--review", str(bob.root), "--keep", groups[0]["records"][1], "--reviewer", "Bob")
    # both screen every record they see, blind, with maybes and reasons
    to_screen = ReviewState.read(alice, "alice").at_stage["title-abstract"]
    for name, review, choices in (
        ("Alice", alice, ("include", "include", "maybe", "exclude", "exclude", "include")),
        ("Bob", bob, ("include", "exclude", "maybe", "exclude", "include", "include")),
    ):
        store = review.open_store(name.lower(), name)
        for record, choice in zip(to_screen, choices, strict=False):
            reason = "wrong study design" if name == "Alice" else "wrong population"
            store.put_decision(Decision(record, name, "title-abstract", choice, reason if choice == "exclude" else ""))
        store.close()
    # Alice attaches the first record's PDF, tags a claim in it, and adds a reason for everyone
    record = alice.record(to_screen[0])
    pdf = article_pdf(tmp_path / "kallmes.pdf", record.title, [("Results. Pain fell by half with cement.", "")])
    attach(alice, [pdf], to=record.id)
    text = alice.full_text_of(record).text
    start = text.index("Pain fell")
    store = alice.open_store("alice", "Alice")
    store.put_claim(new_claim(record.id, "Alice", text, start, start + 20, ("efficacy",)))
    store.put_decision(Decision(record.id, "Alice", "full-text", "include"))
    store.close()
    cli(capsys, "reasons", "--add", "wrong setting", "--review", str(alice.root))
    cli(capsys, "reasons", "--add", "wrong language", "--review", str(bob.root))  # Bob too, meanwhile
    sync("Alice")
    sync("Bob")
    # Dana settles every conflict, then everyone syncs in turn
    sync("Dana")
    dana = open_review(clones["Dana"])
    conflicts = [
        json.loads(line)
        for line in cli(capsys, "conflicts", "--review", str(dana.root), "--reviewer", "Dana", "--json").splitlines()
    ]
    assert conflicts  # two blind reviewers disagreed
    for conflict in conflicts:
        cli(
            capsys,
            "adjudicate",
            conflict["record"],
            "exclude",
            "--reason",
            "wrong setting",
            "--review",
            str(dana.root),
            "--reviewer",
            "Dana",
        )
    for name in ("Dana", "Alice", "Bob", "Dana"):
        sync(name)
    seen = {}
    for name, folder in clones.items():
        root = str(folder)
        stats = json.loads(cli(capsys, "stats", "--review", root, "--reviewer", "Dana", "--json"))
        flow = cli(capsys, "prisma", "--review", root, "--reviewer", "Dana")
        claims = cli(capsys, "claims", "--review", root, "--reviewer", "Dana", "--json")
        seen[name] = (stats, flow, claims)
        review = open_review(folder)
        assert {"wrong setting", "wrong language"} <= set(review.config.exclusion_reasons)
        assert review.full_text_path(record.id) is not None
        assert "Pain fell by half" in cli(capsys, "text", record.id, "--review", root)
        assert "not yet shared" not in cli(capsys, "check", "--review", root)
    assert seen["Alice"] == seen["Bob"] == seen["Dana"]
    stats = seen["Dana"][0]
    assert stats["title-abstract"]["conflicts"] == 0 and stats["duplicates_removed"] > 0
    assert stats["records_identified"] - stats["duplicates_removed"] == stats["records_screened"]
