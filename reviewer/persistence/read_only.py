"""A reviewer's store opened to look, never written: `reviewer --read-only`.

For a file the app will not open for writing (its journal damaged, say) or a colleague's
desk seen as theirs: everything the file and its journal hold before any damage is there,
what is changed stays in memory, and nothing is written, locked or folded on disk.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Any

from reviewer.persistence.journal import Journal, operations_before_damage
from reviewer.persistence.store import ReviewerStore, journal_path


class UnwrittenJournal(Journal):
    """A journal read up to any damage, whose appends go nowhere."""

    def __init__(self, path: Path) -> None:  # the file is read, never opened for writing
        self.path = path
        self.replayed = operations_before_damage(path) if path.is_file() else []

    def append(self, lines: list[bytes]) -> None:
        pass

    def clear(self) -> None:
        pass

    def close(self) -> None:
        pass


class ReadOnlyStore(ReviewerStore):
    read_only = True

    @classmethod
    def open_read_only(cls, directory: Path, slug: str, reviewer: str, **callbacks: Any) -> ReadOnlyStore:
        return cls(directory, slug, reviewer, None, **callbacks)

    def _open_journal(self) -> Journal:
        return UnwrittenJournal(journal_path(self.directory, self.slug))

    def _save(self, entries: list[tuple[bytes | None, Future]]) -> None:
        for _, saved in entries:
            saved.set_result(None)  # "saved" to memory: nothing is written

    def _compact(self) -> None:
        pass

    def close(self) -> None:
        if self._writer.is_alive():
            self._queue.put(None)
            self._writer.join()
