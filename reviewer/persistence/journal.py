"""An append-only journal of store operations, one JSON object per line.

Appending a line and fsyncing it costs the same however much is already stored, which is
what makes each save fast and durable; the journal is folded into the TinyDB file now and
then (see `store.ReviewerStore`). A line is only whole once it ends in a new line: a torn
last line, left by a crash mid-append, was never acknowledged and is discarded.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from reviewer.domain.errors import ReviewerError
from reviewer.persistence.atomic import fsync_directory


class JournalError(ReviewerError):
    """The journal has a damaged line that is not the last one."""


def read_journal(path: Path) -> tuple[list[dict], int]:
    """The whole operations in the journal at `path`, and the byte length they fill."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    operations, good_length = [], 0
    for line in raw.splitlines(keepends=True):
        if not line.endswith(b"\n"):
            break  # torn by a crash mid-append: never acknowledged
        try:
            operations.append(json.loads(line))
        except ValueError as error:
            raise JournalError(
                f"{path}: line {len(operations) + 1} is damaged ({error}); the file was kept as it is"
            ) from None
        good_length += len(line)
    return operations, good_length


class Journal:
    """The writable end of a journal; only one process may hold it (see the store's lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.replayed, good_length = read_journal(path)
        existed = path.exists()
        self._handle = open(path, "ab")
        if self._handle.tell() != good_length:
            self._handle.truncate(good_length)
            os.fsync(self._handle.fileno())
        if not existed:
            fsync_directory(path.parent)

    def append(self, operations: list[dict]) -> None:
        """Write `operations` and return once they are on disk; on failure, write nothing."""
        data = b"".join(
            json.dumps(op, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n" for op in operations
        )
        length_before = self._handle.tell()
        try:
            self._handle.write(data)
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError:
            self._handle.truncate(length_before)
            self._handle.seek(length_before)
            raise

    def clear(self) -> None:
        self._handle.truncate(0)
        self._handle.seek(0)
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()
