"""Cache folders that stay bounded: the least recently used entries go once a folder outgrows
its size. An entry read is marked used (its modification time); an entry written is new."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def mark_used(entry: Path) -> None:
    """Note that `entry` was just read, so it is the last to go."""
    with contextlib.suppress(OSError):
        os.utime(entry)


def keep_within(folder: Path, max_bytes: int, keep: Path | None = None) -> list[Path]:
    """Delete the least recently used files of `folder` until they take at most `max_bytes`
    (never `keep`, the entry just written); the files deleted. Errors leave a file in place."""
    entries = []
    for path in folder.glob("*"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.name.startswith("."):
                stat = path.stat()
                entries.append((stat.st_mtime_ns, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    removed = []
    for _, size, path in sorted(entries):  # oldest use first
        if total <= max_bytes:
            break
        if keep is not None and path == keep:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size
            removed.append(path)
    return removed
