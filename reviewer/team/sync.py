"""`reviewer sync`: share your part of the review with the team over git, and take theirs.

What a sync shares: your own file (never a colleague's: each file has one writer, so the
files never merge), and what belongs to the whole team: the search exports imported into
corpus/, the full texts attached in corpus/fulltext/, and review.toml (reasons and tags added
for everyone). It commits those, pulls the team's commits with a rebase, and pushes.
review.toml is merged by its settings (git runs `review.settings_merge` on it), so two people
who each added a reason both keep theirs; the same setting changed two ways stops the sync
with one line that names it. What git says when it cannot (no repository, no remote, no
network, no identity) is passed on in one line with what to do.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.domain.errors import ReviewerError
from reviewer.persistence.store import database_path
from reviewer.review.config import CONFIG_FILE
from reviewer.review.folder import CORPUS_DIR, Review, write_git_settings
from reviewer.review.settings_merge import DRIVER

GIT_SECONDS = 120  # a pull or push that hangs on the network ends with a message, not forever
SHARED = (CONFIG_FILE, ".gitignore", ".gitattributes", CORPUS_DIR)  # the team's, in the review folder


class SyncError(ReviewerError):
    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(message)
        self.stderr = stderr  # all git said, for a caller that looks for one line in it


@dataclass
class SyncReport:
    committed: bool = False  # your own file had changes, now committed
    shared: list[str] = field(default_factory=list)  # the team's files you committed: texts, exports, settings
    changed: list[str] = field(default_factory=list)  # files the pull changed (not your own)
    pushed: bool = False
    notes: list[str] = field(default_factory=list)  # what was not done, and why


def sync(review: Review, slug: str, name: str) -> SyncReport:
    """Commit `slug`'s file and what they added for the team, pull the team's commits, push.
    The app must be closed (its journal is folded into the file when the store closes, so the
    commit holds everything)."""
    root = Path(_git(review.root, "rev-parse", "--show-toplevel", what="find the git repository").strip())
    review.open_store(slug, name).close()  # refused while the app holds the file; folds the journal
    _register_settings_merge(review, root)
    mine = _relative(database_path(review.annotations_dir, slug), root)
    paths = [mine] * (root / mine).exists() + [_relative(review.root / p, root) for p in SHARED]
    paths = [p for p in paths if (root / p).exists()]
    report = SyncReport()
    if paths:
        _git(root, "add", "--", *paths, what="stage your files")
        staged = _git(root, "diff", "--cached", "--name-only", "--", *paths, what="list what changed").split("\n")
        staged = [path for path in staged if path]
        if staged:
            _git(root, "commit", "-m", _message(name, mine, staged), "--", *staged, what="commit your files")
            report.committed = mine in staged
            report.shared = [path for path in staged if path != mine]
    if not _git(root, "remote", what="list the remotes").strip():
        report.notes.append("no remote: nothing pulled or pushed (git remote add origin URL)")
        return report
    before = _git(root, "rev-parse", "HEAD", what="read HEAD").strip()
    _pull(root)
    after = _git(root, "rev-parse", "HEAD", what="read HEAD").strip()
    if before != after:
        changed = _git(root, "diff", "--name-only", before, after, what="list what changed").split()
        report.changed = [path for path in changed if path != mine]
    _git(root, "push", what="push your commit")
    report.pushed = True
    return report


def unshared(review: Review) -> list[str]:
    """The team's files in this review (exports, full texts, review.toml) changed or added here
    and not yet committed: what `sync` would share. Empty outside a git repository."""
    try:
        run = subprocess.run(
            ["git", "-C", str(review.root), "status", "--porcelain", "--untracked-files=all", "--", *SHARED],
            capture_output=True,
            text=True,
            timeout=GIT_SECONDS,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    if run.returncode != 0:
        return []
    root = Path(_git(review.root, "rev-parse", "--show-toplevel", what="find the git repository").strip())
    found = []
    for line in run.stdout.splitlines():
        path = line[3:].split(" -> ")[-1].strip('"')
        found.append(_relative(root / path, review.root.resolve()))
    return found


def _register_settings_merge(review: Review, root: Path) -> None:
    """review.toml merges by its settings in this clone (git keeps merge drivers per clone)."""
    write_git_settings(review)
    driver = f"{shlex.quote(sys.executable)} -m reviewer.review.settings_merge %O %A %B"
    _git(root, "config", f"merge.{DRIVER}.name", "review.toml, merged by its settings", what="set the merge driver")
    _git(root, "config", f"merge.{DRIVER}.driver", driver, what="set the merge driver")


def _pull(root: Path) -> None:
    """Pull the team's commits under yours; on any failure the rebase is undone, and a
    conflict in review.toml is said in the merge driver's own words."""
    try:
        _git(root, "pull", "--rebase", "--autostash", what="pull the team's commits")
    except SyncError as error:
        subprocess.run(["git", "-C", str(root), "rebase", "--abort"], capture_output=True, timeout=GIT_SECONDS)
        settings = next((line for line in error.stderr.splitlines() if line.startswith("review.toml")), None)
        if settings:
            raise SyncError(f"{settings} (your commit is kept; nothing was pulled or pushed)") from None
        raise


def _message(name: str, mine: str, staged: list[str]) -> str:
    shared = [path for path in staged if path != mine]
    parts = [f"{name}'s decisions and claims"] * (mine in staged)
    if shared:
        parts.append(f"{len(shared)} of the team's files (" + ", ".join(sorted(shared)[:5]) + ")")
    return "reviewer: " + "; ".join(parts)


def _relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


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
        raise SyncError(f"git could not {what}: {said.strip()}", run.stderr)
    return run.stdout
