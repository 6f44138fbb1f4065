"""Durable file writes: a temporary file, fsync, atomic rename, fsync of the folder."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

COPY_CHUNK = 1 << 20

# mkstemp creates files readable by their owner only; a review folder is shared, so new
# files get the permissions an ordinary open() would give them.
_UMASK = os.umask(0)
os.umask(_UMASK)


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new file in `directory` survive a power cut."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path`'s new content into; it replaces `path` only once the block
    ends without an error, so readers see the old file or the new, never a mix."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, atomically and durably."""
    with atomic_writer(path) as handle:
        handle.write(data)


def copy_atomically(source: Path, path: Path) -> None:
    """Replace `path` with a copy of `source`, atomically and durably, without holding
    the whole file in memory."""
    with source.open("rb") as original, atomic_writer(path) as handle:
        shutil.copyfileobj(original, handle, COPY_CHUNK)


def remove_cut_off_writes(folder: Path, older_than: float = 3600.0) -> list[Path]:
    """Delete what atomic writes cut off by a crash left in `folder` (`.name.xxxx.tmp`, hidden,
    so never read as data) once it is `older_than` seconds old: a write under way now is never
    touched. The files deleted."""
    removed = []
    cutoff = time.time() - older_than
    for leftover in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and not leftover.is_symlink() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                removed.append(leftover)
    return removed


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def keep_damaged_copy(path: Path) -> Path:
    """A copy of a damaged file beside it (once per distinct content), so no later repair
    or restore can lose what it held."""
    raw = path.read_bytes()
    copy = path.with_name(f"{path.name}.damaged-{hashlib.sha1(raw).hexdigest()[:12]}")
    if not copy.exists():
        write_atomically(copy, raw)
    return copy
