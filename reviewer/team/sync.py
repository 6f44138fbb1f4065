"""`reviewer sync`: share your part of the review with the team over git, and take theirs.

What a sync shares: your own file (never a colleague's: each file has one writer, so the
files never merge), and what belongs to the whole team: the search exports imported into
corpus/, the full texts attached in corpus/fulltext/, and review.toml (reasons and tags added
for everyone). It commits those, merges the team's commits, and pushes.
review.toml is merged by its settings (git runs `review.settings_merge` on it), so two people
who each added a reason both keep theirs; the same setting changed two ways stops the sync
with one line that names it. What git says when it cannot (no repository, no remote, no
network, no identity) is passed on in one line with what to do.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
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
# In the git directory while a sync merges: what a merge cut off left half done is undone only
# where this says a sync was merging, never a merge, a rebase or a colleague's file of anyone else's.
MERGING = "reviewer-sync-merging"
SHARED = (CONFIG_FILE, ".gitignore", ".gitattributes", CORPUS_DIR, "forms")  # the team's, in the review folder


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
    """Commit `slug`'s file and what they added for the team, take the team's commits, push.
    The app must be closed (its journal is folded into the file when the store closes, so the
    commit holds everything).

    The team's commits are merged, not rebased: a rebase takes your commits out of the folder
    while it replays them, and a sync cut off there left your file older than your work. A merge
    never touches your file (no one else writes it; a commit of the team's that does is refused
    before anything moves), so wherever a sync is cut off, your file is as you left it; the next
    sync (or the app) undoes what the cut-off one left half done, and says so."""
    try:
        root = Path(_git(review.root, "rev-parse", "--show-toplevel", what="find the git repository").strip())
    except SyncError as error:
        if "not a git repository" not in error.stderr:
            raise
        raise SyncError(
            f"{review.root} is in no git repository: to share it, run `git init` there and "
            "`git remote add origin URL` (the team's repository), then sync again (README: A team, step by step)"
        ) from None
    report = SyncReport(notes=recover_interrupted_sync(review, slug))
    review.open_store(slug, name).close()  # refused while the app holds the file; folds the journal
    _register_settings_merge(review, root)
    mine = _relative(database_path(review.annotations_dir, slug), root)
    paths = [mine] * (root / mine).exists() + [_relative(review.root / p, root) for p in SHARED]
    paths = [p for p in paths if (root / p).exists()]
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
    _git(root, "fetch", what="fetch the team's commits")
    _refuse_changes_to(root, mine)
    _refuse_colleagues_files_changed_here(review, slug)
    before = _git(root, "rev-parse", "HEAD", what="read HEAD").strip()
    git_dir = _git_dir(review)
    assert git_dir is not None  # `root`, its repository, was found above
    marker = git_dir / MERGING
    marker.write_text("")
    try:
        _merge(root)
    finally:  # not reached when the sync is killed mid-merge: the mark stays for the next one
        marker.unlink(missing_ok=True)
    after = _git(root, "rev-parse", "HEAD", what="read HEAD").strip()
    if before != after:
        changed = _git(root, "diff", "--name-only", before, after, what="list what changed").split()
        report.changed = [path for path in changed if path != mine]
    _git(root, "push", what="push your commit")
    report.pushed = True
    return report


def _git_dir(review: Review) -> Path | None:
    """The review's git directory; None outside a repository."""
    found = _asked(review.root, "rev-parse", "--git-dir")
    return None if found is None else Path(review.root, found.strip())


def recover_interrupted_sync(review: Review, slug: str) -> list[str]:
    """Undo what a sync cut off mid-merge left behind (git's merge, or colleagues' files half
    written by a merge that had not begun to record itself), so the folder holds your committed
    work again; what was done, in words (nothing found: []). Only where the MERGING mark says a
    sync was merging: a merge or rebase of your own is named and left alone, and a colleague's
    file changed by hand is left for `sync` to name."""
    git_dir = _git_dir(review)
    if git_dir is None:
        return []
    locks = sorted(
        p
        for p in (git_dir / "index.lock", git_dir / "config.lock", git_dir / "HEAD.lock", git_dir / "ORIG_HEAD.lock")
        if p.exists()
    ) + sorted((git_dir / "refs").rglob("*.lock"))
    if locks:
        raise SyncError(
            f"a git command was cut off and left {', '.join(str(lock) for lock in locks)}: if no git program is "
            "running, delete that file and sync again"
        )
    underway = next(
        (
            undo
            for marker, undo in (("rebase-merge", "rebase"), ("rebase-apply", "rebase"), ("MERGE_HEAD", "merge"))
            if (git_dir / marker).exists()
        ),
        None,
    )
    merging = git_dir / MERGING
    if not merging.exists():
        if underway:
            raise SyncError(
                f"git is in the middle of a {underway} that no sync began: finish it, or undo it with "
                f"`git {underway} --abort`, then sync; nothing was changed"
            )
        return []
    if underway:
        _git(review.root, underway, "--abort", what=f"undo the {underway} an earlier sync left half done")
        notes = [f"an earlier sync was cut off during its {underway}: undone, your commits kept"]
    else:
        notes = _restore_colleagues_files(review, slug)
    merging.unlink(missing_ok=True)
    return notes


def _colleagues_files_changed(review: Review, slug: str) -> tuple[list[str], list[str]]:
    """Colleagues' files here that differ from the last commit, and those not committed at all."""
    mine = database_path(review.annotations_dir, slug).name
    folder = review.annotations_dir.name
    if _asked(review.root, "rev-parse", "--verify", "--quiet", "HEAD") is None:
        return [], []  # nothing committed yet: nothing merged either

    def colleagues(listing: str) -> list[str]:
        return [p for p in listing.split("\n") if p.endswith(".json") and Path(p).name != mine]

    changed = colleagues(
        _git(review.root, "diff", "--name-only", "--relative", "HEAD", "--", folder, what="list changes")
    )
    new = colleagues(
        _git(review.root, "ls-files", "--others", "--exclude-standard", "--", folder, what="list new files")
    )
    return changed, new


def _restore_colleagues_files(review: Review, slug: str) -> list[str]:
    """Colleagues' files are never written here but by a merge: while a sync was merging, one
    that differs from the last commit, or one new and not yet committed, is what the merge cut
    off left behind. They are put back as committed (a new one removed), so the next merge can run."""
    changed, new = _colleagues_files_changed(review, slug)
    if changed:
        _git(review.root, "checkout", "HEAD", "--", *changed, what="restore colleagues' files")
    for path in new:
        (review.root / path).unlink(missing_ok=True)
    if not changed and not new:
        return []
    return [
        "an earlier sync was cut off while it merged: colleagues' files it had half written were put back "
        f"as last committed ({', '.join(sorted(changed + new))}); they come again with this sync"
    ]


def _refuse_colleagues_files_changed_here(review: Review, slug: str) -> None:
    """A colleague's file that differs from the last commit, or is not committed at all, and
    that no sync wrote (dropped in, edited, damaged) is named and kept: a merge would stop on it
    or overwrite it, so nothing is pulled."""
    changed, new = _colleagues_files_changed(review, slug)
    if changed or new:
        named = ", ".join(sorted(changed + new))
        raise SyncError(
            f"colleagues' files here are not as the team committed them, and no sync wrote them ({named}): "
            "they are kept as they are, and nothing was pulled or pushed (your own commit is kept). "
            "Move them out of the folder to keep them aside, or take the team's copy with "
            "`git checkout HEAD -- FILE` (a new one: delete it), then sync again"
        )


def _refuse_changes_to(root: Path, mine: str) -> None:
    """Your file is yours alone: a commit of the team's that changed it is named, and nothing is pulled."""
    changed = _git(root, "diff", "--name-only", "HEAD...@{upstream}", "--", mine, what="read the team's commits")
    if changed.strip():  # since your history and the team's parted, someone else changed your file
        commits = _git(
            root,
            "log",
            "--no-merges",
            "--format=%h %an: %s",
            "HEAD..@{upstream}",
            "--",
            mine,
            what="read the team's commits",
        )
        commit = (commits.strip().splitlines() or ["(a merge)"])[0]
        raise SyncError(
            f"the team's commit {commit} changed {mine}, which only you write: nothing was pulled or pushed. "
            f"Ask its author to take it back (git revert), or, if it was you on another machine, keep one copy "
            f"(git checkout @{{upstream}} -- {mine}, or commit yours over it with git merge -X ours)"
        )


def _merge(root: Path) -> None:
    """Merge the team's commits; on any failure the merge is undone, and a conflict in
    review.toml is said in the merge driver's own words."""
    try:
        _git(root, "merge", "--no-edit", "@{upstream}", what="merge the team's commits")
    except SyncError as error:
        _asked(root, "merge", "--abort")
        settings = next((line for line in error.stderr.splitlines() if line.startswith("review.toml")), None)
        if settings:
            raise SyncError(f"{settings} (your commit is kept; nothing was pulled or pushed)") from None
        raise


def unshared(review: Review) -> list[str]:
    """The team's files in this review (exports, full texts, review.toml) changed or added here
    and not yet committed: what `sync` would share. Empty outside a git repository."""
    status = _asked(review.root, "status", "--porcelain", "--untracked-files=all", "--", *SHARED)
    if status is None:
        return []
    root = Path(_git(review.root, "rev-parse", "--show-toplevel", what="find the git repository").strip())
    found = []
    for line in status.splitlines():
        path = line[3:].split(" -> ")[-1].strip('"')
        found.append(_relative(root / path, review.root.resolve()))
    return found


def _register_settings_merge(review: Review, root: Path) -> None:
    """review.toml merges by its settings in this clone (git keeps merge drivers per clone)."""
    write_git_settings(review)
    driver = f"{shlex.quote(sys.executable)} -m reviewer.review.settings_merge %O %A %B"
    for key, value in (
        (f"merge.{DRIVER}.name", "review.toml, merged by its settings"),
        (f"merge.{DRIVER}.driver", driver),
    ):
        if (
            _asked(root, "config", "--get", key) or ""
        ).strip() != value:  # written only when it changes: a sync cut off mid-write leaves a lock
            _git(root, "config", key, value, what="set the merge driver")


def _message(name: str, mine: str, staged: list[str]) -> str:
    shared = [path for path in staged if path != mine]
    parts = [f"{name}'s decisions and claims"] * (mine in staged)
    if shared:
        parts.append(f"{len(shared)} of the team's files (" + ", ".join(sorted(shared)[:5]) + ")")
    return "reviewer: " + "; ".join(parts)


def _relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def _asked(where: Path | str, *args: str) -> str | None:
    """git's answer to a question whose failure only means no (not a repository, nothing
    committed, a setting not set): its output, or None when git says no, is missing or hangs."""
    try:
        run = subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True, timeout=GIT_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return run.stdout if run.returncode == 0 else None


def _git(where: Path | str, *args: str, what: str) -> str:
    """Run git; a git that hangs (a remote that never answers) is ended with everything it
    started (ssh, credential helpers), in a process group of its own."""
    try:
        process = subprocess.Popen(
            ["git", "-C", str(where), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
    except FileNotFoundError:
        raise SyncError("git is not installed: sync shares the review folder with git") from None
    try:
        out, err = process.communicate(timeout=GIT_SECONDS)
    except subprocess.TimeoutExpired:
        _end_group(process)
        raise SyncError(
            f"git took over {GIT_SECONDS} s to {what} (is the network there?); nothing else was done"
        ) from None
    except BaseException:  # interrupted (ctrl+c): git and its children go too
        _end_group(process)
        raise
    if process.returncode != 0:
        said = next((line for line in err.splitlines() if line.strip()), f"exit status {process.returncode}")
        raise SyncError(f"git could not {what}: {said.strip()}", err)
    return out


def _end_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
