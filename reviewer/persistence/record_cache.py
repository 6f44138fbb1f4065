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
from typing import BinaryIO

import platformdirs

from reviewer import __version__
from reviewer.domain.record import ReadResult
from reviewer.persistence.atomic import atomic_writer
from reviewer.persistence.cache_folder import keep_within, mark_used
from reviewer.persistence.collector import collector_paused

# Bump when a reader changes what it makes of the same file.
# 7: volume, issue, pages, ISSN, URL; 8: BibTeX fields twice; 9: known markup tags only; 10: page_starts;
# 11: a CSV row of only punctuation warned about; 12: each entry checked by its checksum;
# 13: unknown Web of Science tags left out, not their records; EndNote records that start with %T;
# 14: Abstrackr section headings are no records
# 15: Abstrackr's label column per reviewer
READERS_VERSION = 15
RECORDS_CACHE_BYTES = 2 << 30  # the folder's size, the exports least recently opened going first


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
            # The key is pickled first and checked before the records are unpickled: an entry
            # of another file version or another reviewer version is never loaded. Then the
            # records, read through a checksum that the entry's last bytes must match: one
            # flipped bit and the file is read again, never trusted.
            if pickle.load(handle) == key:
                checked = _Checked(handle)
                result = pickle.load(checked)
                if isinstance(result, ReadResult) and handle.read() == checked.digest.digest():
                    mark_used(entry)
                    return result
    except Exception:  # noqa: BLE001 - a cache: anything unreadable is read again from the file
        pass
    result = read(path, source)
    remember(path, source, result)
    return result


def remember(path: Path, source: str, result: ReadResult) -> None:
    """Keep `result` as what `path` holds now (a cache that cannot be written is skipped)."""
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        with atomic_writer(_entry(path)) as handle:  # streamed: no second copy of the records in memory
            pickle.dump(_key(path, source), handle, protocol=pickle.HIGHEST_PROTOCOL)
            checked = _Checked(handle)
            pickle.dump(result, checked, protocol=pickle.HIGHEST_PROTOCOL)
            handle.write(checked.digest.digest())
        keep_within(cache_dir(), RECORDS_CACHE_BYTES, keep=_entry(path))
    except OSError:
        pass


class _Checked:
    """A file read or written through a running checksum of the bytes that pass."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.blake2b(digest_size=16)

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.handle.write(data)

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self.handle.readline(size)
        self.digest.update(data)
        return data
