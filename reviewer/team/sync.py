"""`reviewer sync`: share your file with the team over git, and take theirs.

Each reviewer writes only their own file, so syncing never merges: your file is committed
(nothing else of yours), colleagues' commits are pulled with a rebase, and yours pushed.
What git says when it cannot (no repository, no remote, no network, no identity) is passed
on in one line with what to do.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.domain.errors import ReviewerError
from reviewer.persistence.store import database_path
from reviewer.review.folder import Review

GIT_SECONDS = 120  # a pull or push that hangs on the network ends with a message, not forever


class SyncError(ReviewerError):
    pass


@dataclass
class SyncReport:
    committed: bool = False
    changed: list[str] = field(default_factory=list)  # colleagues' files that the pull changed
    pushed: bool = False
    notes: list[str] = field(default_factory=list)  # what was not done, and why


def sync(review: Review, slug: str, name: str) -> SyncReport:
    """Commit `slug`'s file, pull the team's commits, push. The app must be closed (its
    journal is folded into the file when the store closes, so the commit holds everything)."""
    root = _git(review.root, "rev-parse", "--show-toplevel", what="find the git repository").strip()
    review.open_store(slug, name).close()  # refused while the app holds the file; folds the journal
    mine = database_path(review.annotations_dir, slug).resolve().relative_to(Path(root).resolve()).as_posix()
    report = SyncReport()
    if Path(root, mine).exists():
        _git(root, "add", "--", mine, what="stage your file")
        staged = subprocess.run(
            ["git", "-C", root, "diff", "--cached", "--quiet", "--", mine], capture_output=True, timeout=GIT_SECONDS
        )
        if staged.returncode == 1:
            _git(root, "commit", "-m", f"reviewer: {name}'s decisions and claims", "--", mine, what="commit your file")
            report.committed = True
    if not _git(root, "remote", what="list the remotes").strip():
        report.notes.append("no remote: nothing pulled or pushed (git remote add origin URL)")
        return report
    before = _git(root, "rev-parse", "HEAD", what="read HEAD").strip()
    try:
        _git(root, "pull", "--rebase", "--autostash", what="pull the team's commits")
    except SyncError:
        subprocess.run(["git", "-C", root, "rebase", "--abort"], capture_output=True, timeout=GIT_SECONDS)
        raise
    after = _git(root, "rev-parse", "HEAD", what="read HEAD").strip()
    if before != after:
        changed = _git(root, "diff", "--name-only", before, after, what="list what changed").split()
        report.changed = [path for path in changed if path != mine]
    _git(root, "push", what="push your commit")
    report.pushed = True
    return report


def _git(where: Path | str, *args: str, what: str) -> str:
    try:
        run = subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True, timeout=GIT_SECONDS)
    except FileNotFoundError:
        raise SyncError("git is not installed: sync shares the review folder with git") from None
    except subprocess.TimeoutExpired:
        raise SyncError(
            f"git took over {GIT_SECONDS} s to {what} (is the network there?); nothing else was done"
        ) from None
    if run.returncode != 0:
        said = next((line for line in run.stderr.splitlines() if line.strip()), f"exit status {run.returncode}")
        raise SyncError(f"git could not {what}: {said.strip()}")
    return run.stdout
