"""An append-only journal of store operations, one JSON object per line.

Appending a line and fsyncing it costs the same however much is already stored, which is
what makes each save fast and durable; the journal is folded into the TinyDB file now and
then (see `store.ReviewerStore`). A line is only whole once it ends in a new line: a torn
last line, left by a crash mid-append, was never acknowledged and is discarded. Anything
else that cannot be read (a checksum on every line tells) is damage: named, the file kept
as it is (with a copy), never shortened in silence.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from reviewer.domain.errors import ReviewerError
from reviewer.persistence.atomic import fsync_directory, keep_damaged_copy, write_atomically


class JournalError(ReviewerError):
    """The journal has a damaged line that is not the last one."""


def encode(operation: dict[str, Any]) -> bytes:
    """One journal line: the operation as JSON, a tab, its CRC-32, a new line. ValueError
    (before anything is written) for what JSON in UTF-8 cannot hold, such as a lone
    surrogate. The checksum makes any changed byte damage that is seen, never a quiet change."""
    payload = json.dumps(operation, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return payload + b"\t" + f"{zlib.crc32(payload):08x}".encode() + b"\n"


def read_journal(path: Path) -> tuple[list[dict], int]:
    """The whole operations in the journal at `path`, and the byte length of the lines that
    hold them (a torn tail after them is not counted)."""
    if path.is_symlink():
        raise JournalError(f"{path} is a symbolic link; a journal must be a file of its own")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    operations: list[dict] = []
    good_length = 0
    *lines, tail = raw.split(b"\n")
    for number, line in enumerate(lines, 1):
        operation, problem = _decoded(line)
        if operation is None:
            raise JournalError(f"{path}: line {number} is damaged ({problem}); the file was kept as it is")
        operations.append(operation)
        good_length += len(line) + 1
    if _checksummed(tail[:-1]) and _decoded(tail[:-1])[0] is not None:
        # A whole, checksummed line whose new line was changed: written in full, so
        # acknowledged. Only a line cut short by a crash is a torn tail to drop.
        raise JournalError(f"{path}: the last line's end is damaged; the file was kept as it is")
    return operations, good_length


def operations_before_damage(path: Path) -> list[dict]:
    """The operations of the journal at `path` before its first damaged line (all of them when
    there is none): what a damaged journal still holds for certain."""
    return [operation for line in _lines_before_damage(path.read_bytes()) if (operation := _decoded(line)[0])]


def _lines_before_damage(raw: bytes) -> list[bytes]:
    kept: list[bytes] = []
    for line in raw.split(b"\n")[:-1]:  # the last piece has no line end: whole lines only
        if _decoded(line)[0] is None:
            break
        kept.append(line)
    return kept


def recover_journal(path: Path) -> str:
    """A damaged journal's changes before its first damaged line, kept as the journal (written
    whole), the damaged one kept as a copy beside it; what was done, in words."""
    raw = path.read_bytes()
    kept = [line + b"\n" for line in _lines_before_damage(raw)]
    copy = keep_damaged_copy(path)
    write_atomically(path, b"".join(kept))
    left = raw.count(b"\n") - len(kept)
    return (
        f"{path.name}: the {len(kept)} changes before its damaged line recovered into a fresh journal; "
        f"the damaged one kept as {copy.name} ({left} lines from the damage on are only there)"
    )


def _checksummed(line: bytes) -> bool:
    return len(line) > 9 and line[-9:-8] == b"\t"


def _decoded(line: bytes) -> tuple[dict | None, str]:
    """The operation on a journal line, or None and what is wrong with it. Lines written
    before checksums were added have none; a line with one must match it."""
    payload = line
    if _checksummed(line):
        payload = line[:-9]
        if f"{zlib.crc32(payload):08x}".encode() != line[-8:]:
            return None, "its checksum does not match"
    try:
        operation = json.loads(payload)
    except (ValueError, RecursionError) as error:
        return None, str(error)
    if not isinstance(operation, dict) or not isinstance(operation.get("table"), str):
        return None, "not an operation on a table"
    if operation.get("op") == "put":
        doc = operation.get("doc")
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
            return None, "a put without a document id"
    elif operation.get("op") == "delete":
        if not isinstance(operation.get("id"), str):
            return None, "a delete without an id"
    else:
        return None, f"unknown operation {operation.get('op')!r}"
    return operation, ""


class Journal:
    """The writable end of a journal; only one process may hold it (see the store's lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.replayed, good_length = read_journal(path)
        except JournalError as error:
            raise JournalError(
                f"{error}, with a copy in {keep_damaged_copy(path).name}; "
                "reviewer check --fix recovers the changes before the damage (reviewer --read-only opens it as it is)"
            ) from None
        existed = path.exists()
        # O_NOFOLLOW: a journal that is a link elsewhere is refused, never written through.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        self._handle = os.fdopen(fd, "ab")
        if self._handle.tell() != good_length:
            self._handle.truncate(good_length)
            os.fsync(self._handle.fileno())
        if not existed:
            fsync_directory(path.parent)

    def append(self, lines: list[bytes]) -> None:
        """Write the encoded operations and return once they are on disk; on failure, write nothing."""
        data = b"".join(lines)
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
