"""reviewer sync: two reviewers' clones of one review share their files through a bare repository."""

from __future__ import annotations

import subprocess

import pytest

from reviewer.cli import main
from reviewer.domain.decision import Decision
from reviewer.importing.files import import_file
from reviewer.review.folder import init_review, open_review
from reviewer.team.snapshot import EVERYONE, TeamSnapshot
from tests.conftest import FIXTURES


def git(where, *args):
    subprocess.run(["git", "-C", str(where), *args], check=True, capture_output=True)


@pytest.fixture
def clones(tmp_path, monkeypatch):
    for variable, value in (("NAME", "Test"), ("EMAIL", "test@example.org")):
        monkeypatch.setenv(f"GIT_AUTHOR_{variable}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{variable}", value)
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
    assert "git could not find the git repository" in capsys.readouterr().err
    git(review.root, "init", "-b", "main")
    for variable, value in (("NAME", "Test"), ("EMAIL", "test@example.org")):
        monkeypatch.setenv(f"GIT_AUTHOR_{variable}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{variable}", value)
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
