"""A cache of parsed corpus files, so a large review opens without parsing every export again.

Each corpus file's records are kept, pickled, in the user's cache folder (never in the
review folder), under a key of the file's path, size and modification time and the
readers' version: any change to the file, or to the readers, reads it afresh.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path

import platformdirs

from reviewer import __version__
from reviewer.domain.record import ReadResult
from reviewer.persistence.atomic import atomic_writer
from reviewer.persistence.collector import collector_paused

# Bump when a reader changes what it makes of the same file.
READERS_VERSION = 1


def cache_dir() -> Path:
    return platformdirs.user_cache_path("reviewer") / "records"


def _key(path: Path, source: str) -> tuple:
    stat = path.stat()
    return (__version__, READERS_VERSION, source, stat.st_size, stat.st_mtime_ns)


def _entry(path: Path) -> Path:
    return cache_dir() / (hashlib.sha1(str(path.resolve()).encode()).hexdigest() + ".pickle")


def cached_read(path: Path, source: str, read: Callable[[Path, str], ReadResult]) -> ReadResult:
    """`read(path, source)`, or what it gave last time if the file has not changed since."""
    key, entry = _key(path, source), _entry(path)
    try:
        with entry.open("rb") as handle, collector_paused(lasting=True):
            cached_key, result = pickle.load(handle)
        if cached_key == key:
            return result
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        pass  # no entry yet, or an unreadable one (or one pickled by an older layout): read the file
    result = read(path, source)
    remember(path, source, result)
    return result


def remember(path: Path, source: str, result: ReadResult) -> None:
    """Keep `result` as what `path` holds now (a cache that cannot be written is skipped)."""
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        with atomic_writer(_entry(path)) as handle:  # streamed: no second copy of the records in memory
            pickle.dump((_key(path, source), result), handle, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass
