"""reviewer sync: two reviewers' clones of one review share their files through a bare repository."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from benchmarks.pdfs import article_pdf
from reviewer.annotating.placing import new_claim
from reviewer.cli import main
from reviewer.domain.decision import Decision
from reviewer.importing.attach import attach
from reviewer.importing.files import import_file
from reviewer.review.folder import init_review, open_review
from reviewer.team import sync as sync_module
from reviewer.team.snapshot import EVERYONE, TeamSnapshot
from tests.conftest import FIXTURES, git, give_git_an_identity, run_cli


@pytest.fixture
def clones(tmp_path, monkeypatch):
    give_git_an_identity(monkeypatch)
    bare = tmp_path / "team.git"
    git(tmp_path, "init", "--bare", "-b", "main", str(bare))
    first = tmp_path / "alice-clone"
    git(tmp_path, "clone", str(bare), str(first))
    review = init_review(first)
    import_file(review, FIXTURES / "embase-vertebroplasty.ris")
    git(first, "add", "-A")
    git(first, "commit", "-m", "the review")
    git(first, "push", "-u", "origin", "HEAD:main")
    second = tmp_path / "bob-clone"
    git(tmp_path, "clone", "-b", "main", str(bare), str(second))
    return open_review(first), open_review(second)


def decide(review, name, choice):
    store = review.open_store(name.lower(), name)
    for record in review.records():
        store.put_decision(Decision(record.id, name, "title-abstract", choice))
    store.close()


def test_each_reviewer_syncs_their_file_and_receives_the_others(clones, capsys):
    alice, bob = clones
    decide(alice, "Alice", "include")
    decide(bob, "Bob", "exclude")
    assert main(["sync", "--review", str(alice.root), "--reviewer", "Alice"]) == 0
    assert "committed your file; pushed" in capsys.readouterr().out
    assert main(["sync", "--review", str(bob.root), "--reviewer", "Bob"]) == 0
    out = capsys.readouterr().out
    assert "committed your file; pushed" in out and "updated from the team: annotations/alice.json" in out
    assert main(["sync", "--review", str(alice.root), "--reviewer", "Alice"]) == 0
    out = capsys.readouterr().out
    assert "your file had no new changes; pushed" in out and "annotations/bob.json" in out
    for review in (alice, bob):
        assert sorted(TeamSnapshot.read(review, EVERYONE).decisions) == ["alice", "bob"]


def test_sync_says_what_to_do_without_a_repository_or_a_remote(tmp_path, capsys, monkeypatch):
    review = init_review(tmp_path / "alone")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["sync", "--review", str(review.root), "--reviewer", "Alice"]) == 1
    said = capsys.readouterr().err
    assert "is in no git repository: to share it, run `git init` there and `git remote add origin URL`" in said
    git(review.root, "init", "-b", "main")
    give_git_an_identity(monkeypatch)
    decide(review, "Alice", "include")
    assert main(["sync", "--review", str(review.root), "--reviewer", "Alice"]) == 0
    assert "no remote: nothing pulled or pushed" in capsys.readouterr().out


def test_sync_is_refused_while_the_app_holds_the_file(clones, capsys):
    alice, _ = clones
    store = alice.open_store("alice", "Alice")
    try:
        assert main(["sync", "--review", str(alice.root), "--reviewer", "Alice"]) == 1
        assert "open in another reviewer window" in capsys.readouterr().err
    finally:
        store.close()


# The team shares all of the review (#23) ---------------------------------------------------


def status(review):
    run = subprocess.run(["git", "-C", str(review.root), "status", "--porcelain"], capture_output=True, text=True)
    return run.stdout


def sync(capsys, review, name):
    code = main(["sync", "--review", str(review.root), "--reviewer", name])
    out, err = capsys.readouterr()
    return code, out, err


def test_full_texts_claims_on_them_and_new_reasons_reach_the_team(clones, capsys, tmp_path):
    alice, bob = clones
    record = alice.records()[0]
    pdf = article_pdf(tmp_path / "trial.pdf", record.title, [("Results. Pain fell by half with cement.", "")])
    assert attach(alice, [pdf], to=record.id)[0].record == record.id
    text = alice.full_text_of(record).text
    start = text.index("Pain fell")
    store = alice.open_store("alice", "Alice")
    store.put_claim(new_claim(record.id, "Alice", text, start, start + 9, ("efficacy",)))
    store.close()
    assert alice.add_exclusion_reason("wrong setting")
    code, out, _ = run_cli(capsys, "check", "--review", str(alice.root))
    assert "corpus/fulltext/" in out and "review.toml: not yet shared with the team" in out
    code, out, _ = sync(capsys, alice, "Alice")
    assert code == 0 and "shared with the team: corpus/fulltext/" in out and "review.toml" in out
    assert status(alice) == ""  # nothing of the team's is left behind
    assert bob.add_exclusion_reason("wrong language")  # Bob adds one of his own meanwhile
    code, out, err = sync(capsys, bob, "Bob")
    assert code == 0, err
    assert "updated from the team: annotations/alice.json" in out
    code, _, err = sync(capsys, alice, "Alice")
    assert code == 0, err
    for review in (open_review(alice.root), open_review(bob.root)):
        assert {"wrong setting", "wrong language"} <= set(review.config.exclusion_reasons)  # both kept
        assert "<<<<<<<" not in review.config_path.read_text(encoding="utf-8")
        assert review.full_text_path(record.id) is not None
        code, out, _ = run_cli(capsys, "text", record.id, "--review", str(review.root))
        assert code == 0 and "Pain fell by half" in out
        code, out, _ = run_cli(capsys, "check", "--review", str(review.root))
        assert "not yet shared" not in out and "no full text here" not in out


def test_one_setting_changed_two_ways_stops_the_sync_naming_it(clones, capsys):
    alice, bob = clones
    for review, target in ((alice, "0.9"), (bob, "0.8")):
        path = review.config_path
        path.write_text(path.read_text(encoding="utf-8").replace("recall_target = 0.95", f"recall_target = {target}"))
    assert sync(capsys, alice, "Alice")[0] == 0
    code, _, err = sync(capsys, bob, "Bob")
    assert code == 1
    assert "review.toml: the same setting was changed two ways (screening.recall_target" in err
    assert "<<<<<<<" not in bob.config_path.read_text(encoding="utf-8")  # the file stays readable
    assert run_cli(capsys, "stats", "--review", str(bob.root), "--reviewer", "Bob")[0] == 0


def test_check_names_a_claim_whose_full_text_is_not_here(clones, capsys, tmp_path):
    alice, _ = clones
    record = alice.records()[0]
    pdf = article_pdf(tmp_path / "trial.pdf", record.title, [("Results. Pain fell by half with cement.", "")])
    attach(alice, [pdf], to=record.id)
    text = alice.full_text_of(record).text
    store = alice.open_store("alice", "Alice")
    store.put_claim(new_claim(record.id, "Alice", text, 0, 8, ("efficacy",)))
    store.close()
    alice.full_text_path(record.id).unlink()
    code, out, _ = run_cli(capsys, "check", "--review", str(alice.root))
    assert code == 1 and f"{record.id} has no full text here" in out


# Sync that cannot lose work (#28) -----------------------------------------------------------


def acknowledged(review, name, count, start=0):
    """`count` decisions the reviewer's store confirmed durable (closing it waits for that)."""
    store = review.open_store(name.lower(), name)
    ids = [r.id for r in review.records()]
    made = []
    for n in range(start, start + count):
        decision = Decision(ids[n % len(ids)], name, "title-abstract", ("include", "exclude")[n % 2], note=f"n{n}")
        store.put_decision(decision)
        made.append(decision.id)
    store.close()
    return made


def stored_ids(review, name):
    return {d.id for d in TeamSnapshot.read(review, EVERYONE).decisions.get(name.lower(), [])}


def stopped_mid_rebase(review, name):
    """Decisions committed, then a rebase left stopped half way; the decisions made."""
    acknowledged(review, name, 3)
    made = acknowledged(review, name, 2, start=3)
    git(review.root, "add", "-A")
    git(review.root, "commit", "-m", "more")
    stopped = subprocess.run(
        ["git", "-C", str(review.root), "rebase", "--exec", "false", "HEAD~1"], capture_output=True
    )
    assert stopped.returncode != 0 and (review.root / ".git" / "rebase-merge").exists()
    return made


def test_a_sync_cut_off_mid_merge_is_undone_by_the_next(clones, capsys):
    alice, _ = clones
    made = stopped_mid_rebase(alice, "Alice")
    (alice.root / ".git" / sync_module.MERGING).write_text("")  # the mark a sync killed mid-merge leaves
    code, out, err = sync(capsys, alice, "Alice")
    assert code == 0, err
    assert "an earlier sync was cut off during its rebase: undone, your commits kept" in out
    assert set(made) <= stored_ids(alice, "Alice") and not (alice.root / ".git" / sync_module.MERGING).exists()


def test_a_rebase_of_your_own_is_named_and_left_alone(clones, capsys):
    """No sync began it: neither sync nor the app undoes it (the trial found the app aborting it)."""
    alice, _ = clones
    stopped_mid_rebase(alice, "Alice")
    code, _, err = sync(capsys, alice, "Alice")
    assert code == 1 and "git is in the middle of a rebase that no sync began" in err and "git rebase --abort" in err
    assert (alice.root / ".git" / "rebase-merge").exists()


def test_a_commit_of_the_team_that_changed_your_own_file_is_named_and_nothing_moves(clones, capsys):
    alice, bob = clones
    acknowledged(alice, "Alice", 2)
    assert sync(capsys, alice, "Alice")[0] == 0
    assert sync(capsys, bob, "Bob")[0] == 0
    mine = bob.annotations_dir / "alice.json"
    mine.write_text(mine.read_text(encoding="utf-8").replace('"n0"', '"changed by Bob"'), encoding="utf-8")
    git(bob.root, "commit", "-am", "Bob edits Alice's file")
    git(bob.root, "push")
    made = acknowledged(alice, "Alice", 2, start=2)
    before = (alice.annotations_dir / "alice.json").read_bytes()
    code, _, err = sync(capsys, alice, "Alice")
    assert code == 1
    assert "changed annotations/alice.json, which only you write: nothing was pulled or pushed" in err
    assert "Bob edits Alice's file" in err
    assert (alice.annotations_dir / "alice.json").read_bytes() == before and set(made) <= stored_ids(alice, "Alice")


def test_syncs_killed_at_random_never_leave_acknowledged_work_out_of_the_folder(clones, tmp_path):
    """Each round: Bob pushes, Alice decides (acknowledged), and her sync is killed: at a random
    moment, or aimed at the pull, the moment git has just rewritten the folder (a hook tells
    us, through a FIFO, and waits). Whatever it was doing, her decisions are in her file at once
    and after the next sync."""
    alice, bob = clones
    rng = random.Random(28)
    everything: set[str] = set()
    fifo = tmp_path / "pulling"
    os.mkfifo(fifo)
    for hook in ("post-checkout", "post-merge", "post-rewrite"):  # a rebase checks out; a merge merges
        path = alice.root / ".git" / "hooks" / hook
        path.write_text(f'#!/bin/sh\necho "$PPID" > "{fifo}"\nsleep 30\n', encoding="utf-8")  # git's pid, then wait
        path.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}

    def start(review, name):
        command = [sys.executable, "-m", "reviewer", "sync", "--review", str(review.root), "--reviewer", name]
        return subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )

    def finish(process):
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err.decode()

    def kill(process, git_pid=None):
        """The sync and every git it started (each in a process group of its own)."""
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        for group in {process.pid, *(int(pid) for pid in children), *([git_pid] if git_pid else [])}:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        process.communicate()

    def when_git_rewrites_the_folder(process):
        """Block until a hook says git has just checked out or merged (the sync waits meanwhile)."""
        heard: list[str] = []
        listener = threading.Thread(target=lambda: heard.append(fifo.read_text()), daemon=True)
        listener.start()
        listener.join(timeout=30)
        if listener.is_alive():  # no hook ran: unblock the listener
            fifo.write_text("none\n")
            listener.join()
        return heard

    aimed = 0
    for round_ in range(10):
        acknowledged(bob, "Bob", 1, start=round_)
        finish(start(bob, "Bob"))
        everything |= set(acknowledged(alice, "Alice", 2, start=2 * round_))
        process = start(alice, "Alice")
        git_pid = None
        if round_ % 2:
            heard = when_git_rewrites_the_folder(process)
            if heard != ["none\n"]:
                aimed, git_pid = aimed + 1, int(heard[0])
        else:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=rng.uniform(0.05, 0.6))
        kill(process, git_pid)
        assert everything <= stored_ids(alice, "Alice"), f"round {round_}: acknowledged work missing"
        # a git killed while it held a lock (the index, a branch) leaves it: the next sync says to delete it
        # when no git runs (none does: the test killed them), and so the test does
        for lock in [*(alice.root / ".git").glob("*.lock"), *(alice.root / ".git" / "refs").rglob("*.lock")]:
            lock.unlink()
    assert aimed >= 3  # the aimed kills hit the pull (a round whose sync failed early has no pull to hit)
    for hook in ("post-checkout", "post-merge", "post-rewrite"):
        (alice.root / ".git" / "hooks" / hook).unlink()
    finish(start(alice, "Alice"))
    assert everything <= stored_ids(alice, "Alice")


def test_a_remote_that_hangs_ends_the_sync_and_leaves_no_process_behind(clones, capsys, monkeypatch):
    alice, _ = clones
    git(alice.root, "remote", "set-url", "origin", "ssh://nowhere.invalid/team.git")
    monkeypatch.setenv("GIT_SSH_COMMAND", "sleep 297 #")  # a remote that never answers
    monkeypatch.setattr(sync_module, "GIT_SECONDS", 2)
    code, _, err = sync(capsys, alice, "Alice")
    assert code == 1 and "git took over 2 s to fetch the team's commits" in err
    left = subprocess.run(["pgrep", "-f", "sleep 297"], capture_output=True, text=True)
    assert left.stdout.strip() == ""


def test_a_lock_left_by_a_killed_git_is_named_with_what_to_do(clones, capsys):
    alice, _ = clones
    (alice.root / ".git" / "index.lock").write_text("")
    code, _, err = sync(capsys, alice, "Alice")
    assert code == 1 and "a git command was cut off and left" in err and "delete that file and sync again" in err


def test_colleagues_files_half_written_by_a_cut_off_merge_are_put_back_and_merged_again(clones, capsys):
    alice, bob = clones
    acknowledged(bob, "Bob", 2)
    assert sync(capsys, bob, "Bob")[0] == 0
    assert sync(capsys, alice, "Alice")[0] == 0
    acknowledged(bob, "Bob", 2, start=2)
    assert sync(capsys, bob, "Bob")[0] == 0
    theirs = alice.annotations_dir / "bob.json"
    (alice.root / ".git" / sync_module.MERGING).write_text("")  # a sync killed while it merged
    theirs.write_text(theirs.read_text(encoding="utf-8")[:40], encoding="utf-8")  # a merge cut off mid-write
    (alice.annotations_dir / "cem.json").write_text('{"decis', encoding="utf-8")  # and a new file begun
    mine = acknowledged(alice, "Alice", 1)
    code, out, err = sync(capsys, alice, "Alice")
    assert code == 0, err
    assert "colleagues' files it had half written were put back" in out
    assert len(stored_ids(alice, "Bob")) == 4 and set(mine) <= stored_ids(alice, "Alice")


def test_a_colleagues_file_dropped_in_or_damaged_here_is_kept_and_named_never_undone(clones, capsys):
    """No sync was merging: a colleague's file changed here is not a merge's leftover. Opening
    the app reads it as damaged (named, kept, left out), and sync names it and pulls nothing;
    before, both put it back from git and deleted a new one, losing it (a trial found this)."""
    alice, bob = clones
    acknowledged(bob, "Bob", 2)
    assert sync(capsys, bob, "Bob")[0] == 0
    assert sync(capsys, alice, "Alice")[0] == 0
    theirs = alice.annotations_dir / "bob.json"
    damaged = theirs.read_text(encoding="utf-8")[:40]
    theirs.write_text(damaged, encoding="utf-8")
    dropped_in = alice.annotations_dir / "carol.json"
    dropped_in.write_text(theirs.read_text(encoding="utf-8"), encoding="utf-8")
    assert sync_module.recover_interrupted_sync(alice, "alice") == []  # what the app asks as it opens
    code, _, err = sync(capsys, alice, "Alice")
    assert code == 1 and "annotations/bob.json" in err and "annotations/carol.json" in err
    assert "they are kept as they are" in err
    assert theirs.read_text(encoding="utf-8") == damaged and dropped_in.exists()
    code, _, err = run_cli(capsys, "stats", "--review", str(alice.root), "--reviewer", "Alice")
    assert code == 0 and "bob.json" in err  # named, kept, left out


def test_two_imports_made_apart_merge_and_give_everyone_the_same_ids(clones, capsys):
    """Each import adds its file to corpus/.imported: two made in two clones at once merge (git
    unites the lists) instead of stopping the sync, and both clones read the same records."""
    alice, bob = clones
    import_file(alice, FIXTURES / "pubmed.nbib")
    import_file(bob, FIXTURES / "ovid-medline.ris")
    assert sync(capsys, alice, "Alice")[0] == 0
    code, _, err = sync(capsys, bob, "Bob")
    assert code == 0, err
    assert sync(capsys, alice, "Alice")[0] == 0
    alice, bob = open_review(alice.root), open_review(bob.root)
    assert [r.id for r in alice.records()] == [r.id for r in bob.records()]
    assert {r.source for r in alice.records()} == {"embase-vertebroplasty.ris", "pubmed.nbib", "ovid-medline.ris"}


def test_forms_files_reach_the_team(clones, capsys):
    """A form kept in forms/ beside review.toml is the team's: sync shares it, as it shares
    review.toml (#27)."""
    alice, bob = clones
    (alice.root / "forms").mkdir()
    (alice.root / "forms" / "harms.toml").write_text('[[forms]]\nkey = "harms"\n[[forms.fields]]\nkey = "n"\n')
    config = alice.root / "review.toml"
    config.write_text('form_files = ["forms/harms.toml"]\n' + config.read_text())
    code, out, _ = run_cli(capsys, "check", "--review", str(alice.root))
    assert "forms/harms.toml: not yet shared with the team" in out
    code, out, _ = sync(capsys, alice, "Alice")
    assert code == 0 and "forms/harms.toml" in out and status(alice) == ""
    assert sync(capsys, bob, "Bob")[0] == 0
    code, out, _ = run_cli(capsys, "forms", "--review", str(bob.root))
    assert code == 0 and "harms: harms" in out
