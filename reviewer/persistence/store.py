"""One reviewer's durable store: claims and decisions, in a TinyDB file.

Layout, in a review's `annotations/` folder, for reviewer slug `alice`:
  alice.json      the TinyDB file (tables `annotations` (the claims), `decisions`, `duplicates`, `_meta`),
                  always whole
  alice.journal   operations saved since the TinyDB file was last written (see journal.py)
  alice.lock      held by the one app instance that may write alice's files

Every change updates memory at once and goes to a writer thread, which appends it to the
journal and fsyncs: the caller never waits on the disk, and a save costs the same however
much is stored. Now and then, and on close, the writer folds the journal into the TinyDB
file (written atomically) and empties the journal. Readers of other reviewers' files
(`load_tables`) replay the journal too, so nothing saved is ever missed.
"""

from __future__ import annotations

import itertools
import json
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import filelock

from reviewer.domain.answer import Answer
from reviewer.domain.claim import Claim
from reviewer.domain.decision import Decision
from reviewer.domain.document import SCHEMA_VERSION
from reviewer.domain.errors import ReviewerError
from reviewer.domain.rejection import Rejection
from reviewer.persistence.atomic import keep_damaged_copy
from reviewer.persistence.collector import collector_paused
from reviewer.persistence.documents import TABLES, set_aside
from reviewer.persistence.journal import Journal, JournalError, encode, read_journal
from reviewer.persistence.tinydb_storage import AtomicJSONStorage
from reviewer.text.names import normalised

META_TABLE = "_meta"
# Fold the journal into the TinyDB file after this many operations.
COMPACT_AFTER = 2000
RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)
# A colleague's file caught mid-rewrite is read again this often before it is called damaged.
READ_ATTEMPTS = 4
READ_RETRY_SECONDS = 0.05


class StoreError(ReviewerError):
    """A reviewer file cannot be opened or written; the message says which and why."""


class StoreLockedError(StoreError):
    pass


def database_path(directory: Path, slug: str) -> Path:
    return directory / f"{slug}.json"


def journal_path(directory: Path, slug: str) -> Path:
    return directory / f"{slug}.journal"


def reviewer_slugs(directory: Path) -> list[str]:
    """The reviewers who have a file (or only a journal) in `directory`."""
    if not directory.is_dir():
        return []
    names = {p.stem for p in directory.glob("*.json")} | {p.stem for p in directory.glob("*.journal")}
    return sorted(names)


def load_tables(directory: Path, slug: str) -> dict[str, dict[str, dict]]:
    """A colleague's documents by table and id, as saved (TinyDB file plus journal).

    The journal is read before the file: its owner folds the journal into the file and only
    then empties it, so whatever the journal held is in the file read after it, and a read
    never misses what an earlier one saw. A file caught half-written (as a `git pull` that
    rewrites it in place leaves it for a moment), or gone (as `git checkout` leaves it while it
    writes it anew), is read again before it is called damaged or gone; an empty journal with no
    file, still so when read again, is a colleague who has saved nothing yet (their window
    open, or closed by a crash before the first save). A reader never writes in the colleague's
    folder.
    """
    journal = journal_path(directory, slug)
    for attempt in range(READ_ATTEMPTS):
        try:
            operations, _ = read_journal(journal)
            database = database_path(directory, slug)
            saved_nothing_yet = attempt == READ_ATTEMPTS - 1 and journal.exists()  # their window open
            if not operations and not database.exists() and not saved_nothing_yet:  # replaced right now?
                raise StoreError(f"{database} is gone (removed while it was read?)")
            tables, _ = _read_database(database, keep_backup=False)
            break
        except (StoreError, JournalError):
            if attempt == READ_ATTEMPTS - 1:
                raise
            time.sleep(READ_RETRY_SECONDS)
    for operation in operations:
        _apply(tables, operation)
    return tables


def _read_database(path: Path, keep_backup: bool) -> tuple[dict[str, dict[str, dict]], dict[str, Any]]:
    """The file's documents by table and id, and its metadata. A damaged file is named in
    the error; its owner (`keep_backup`) also keeps a copy of it beside it."""
    if path.is_symlink():
        raise StoreError(f"{path} is a symbolic link; a reviewer file must be a file of its own")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = b""  # a reviewer with a journal only, or a new one
    else:
        if not raw.strip():
            # Never left empty by its owner (it is replaced whole): a colleague's file being
            # rewritten in place right now, or damage.
            raise _damaged(path, "is empty", keep_backup)
    try:
        with collector_paused(lasting=True):  # tens of thousands of small dicts: see collector.py
            data = json.loads(raw) if raw else {}
        tables, meta = _tables_of(data)
    except (ValueError, RecursionError, TypeError, KeyError, AttributeError) as error:
        if _has_conflict_markers(path):
            why = "has git merge-conflict markers"
        elif isinstance(error, (ValueError, RecursionError)):
            why = f"is not valid JSON ({error})"
        else:
            why = f"is not a reviewer file ({error})"
        raise _damaged(path, why, keep_backup) from None
    if not isinstance(meta.get("schema", SCHEMA_VERSION), int) or meta.get("schema", SCHEMA_VERSION) > SCHEMA_VERSION:
        raise StoreError(f"{path} was written by a newer reviewer (schema {meta['schema']}); upgrade to open it")
    return tables, meta


def _damaged(path: Path, why: str, keep_backup: bool) -> StoreError:
    """The error naming a damaged file; its owner (`keep_backup`) also keeps a copy of it."""
    kept = f", with a copy in {keep_damaged_copy(path).name}" if keep_backup else ""
    return StoreError(f"{path} {why}; the file was kept as it is{kept} (see: reviewer check)")


def _tables_of(data: object) -> tuple[dict[str, dict[str, dict]], dict[str, Any]]:
    """The tables of a parsed TinyDB file; TypeError/KeyError when it has another shape."""
    if not isinstance(data, dict):
        raise TypeError(f"a JSON object was expected, not {type(data).__name__}")
    meta: Any = next(iter(data.get(META_TABLE, {}).values()), {})
    if not isinstance(meta, dict):
        raise TypeError("its _meta table is not a table of documents")
    tables: dict[str, dict[str, dict]] = {name: {} for name in TABLES}
    for name in TABLES:
        for doc in data.get(name, {}).values():
            if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
                raise TypeError(f"a document of table {name} has no id")
            tables[name][doc["id"]] = doc
    return tables, meta


def _has_conflict_markers(path: Path) -> bool:
    try:
        return b"\n<<<<<<< " in b"\n" + path.read_bytes()
    except OSError:
        return False


def _apply(tables: dict[str, dict[str, dict]], operation: dict) -> None:
    """Apply one journal operation; applying it twice has the same effect as once."""
    table = tables.setdefault(operation["table"], {})
    if operation["op"] == "put":
        table[operation["doc"]["id"]] = operation["doc"]
    elif operation["op"] == "delete":
        table.pop(operation["id"], None)


def _check_owner(path: Path, owner: object, reviewer: str) -> None:
    """One file per person: a name that maps to another person's file is refused."""
    if isinstance(owner, str) and normalised(owner) != normalised(reviewer):
        raise StoreError(
            f"{path} is {owner!r}'s file, and {reviewer!r} names the same file (names are compared "
            f"without case, spacing and accents' form): open it as {owner!r}, or choose another name"
        )


class ReviewerStore:
    """The writable store of one reviewer; open it with `ReviewerStore.open`."""

    read_only = False  # see read_only.py

    def __init__(
        self,
        directory: Path,
        slug: str,
        reviewer: str,
        lock: filelock.BaseFileLock | None,
        on_saved: Callable[[int], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        retry_forever: bool = False,
    ) -> None:
        self.directory = directory
        # The app never gives up a save (the work is in memory and on screen: it says so and
        # tries again); a command gives up after RETRY_SECONDS, with the disk's own message.
        self.retry_forever = retry_forever
        self.slug = slug
        self.reviewer = reviewer
        self.path = database_path(directory, slug)
        self.on_saved = on_saved
        self.on_error = on_error
        self._lock = lock
        self._tables, meta = _read_database(self.path, keep_backup=True)
        _check_owner(self.path, meta.get("reviewer"), reviewer)
        self._made_claims: dict[str, tuple[dict, Claim]] = {}
        self._journal = self._open_journal()
        for operation in self._journal.replayed:
            _apply(self._tables, operation)
        self._journal_operations = len(self._journal.replayed)
        self._set_aside, self.problems = set_aside(self._tables, self.path.name)
        self._unsaved = 0
        self._memory_lock = threading.Lock()
        # (an encoded operation, or None for a flush marker; resolved once durable), or None: stop
        self._queue: queue.Queue[tuple[bytes | None, Future] | None] = queue.Queue()
        self._writer = threading.Thread(target=self._write_loop, name=f"store-{slug}", daemon=True)
        self._writer.start()

    def _open_journal(self) -> Journal:
        return Journal(journal_path(self.directory, self.slug))

    @classmethod
    def open(cls, directory: Path, slug: str, reviewer: str, **callbacks: Any) -> ReviewerStore:
        """Open `slug`'s store for writing; refused while another instance holds it."""
        directory.mkdir(parents=True, exist_ok=True)
        for path in (directory / f"{slug}.lock", database_path(directory, slug), journal_path(directory, slug)):
            if path.is_symlink():  # taking the lock alone would truncate what a link points at
                raise StoreError(f"{path} is a symbolic link; a reviewer's files must be files of their own")
        lock = filelock.FileLock(directory / f"{slug}.lock")
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            raise StoreLockedError(
                f"{database_path(directory, slug)} is open in another reviewer window; "
                "close that one first (or use another --reviewer name)"
            ) from None
        try:
            for leftover in directory.glob(f".{slug}.json.*.tmp"):  # a fold cut off by a crash
                leftover.unlink(missing_ok=True)
            return cls(directory, slug, reviewer, lock, **callbacks)
        except BaseException:
            lock.release()
            raise

    # Reading -----------------------------------------------------------------------------

    def claims(self, record: str | None = None) -> list[Claim]:
        docs = list(self._tables["annotations"].values())
        return [self._claim_of(doc) for doc in docs if record is None or doc["record"] == record]

    def claims_per_record(self) -> Counter:
        """How many claims each record has, counted from the stored documents."""
        return Counter(doc["record"] for doc in self._tables["annotations"].values())

    def claim(self, claim_id: str) -> Claim | None:
        doc = self._tables["annotations"].get(claim_id)
        return self._claim_of(doc) if doc else None

    def _claim_of(self, doc: dict) -> Claim:
        """The Claim a stored document holds, made once per version of the document
        (the Reader asks for a text's claims after every change: with 1,000 claims,
        rebuilding them all was a third of a tag keypress)."""
        made = self._made_claims.get(doc["id"])
        if made is None or made[0] is not doc:
            made = (doc, Claim.from_doc(doc))
            self._made_claims[doc["id"]] = made
        return made[1]

    def tables(self) -> dict[str, dict[str, dict]]:
        """A copy of every table as held in memory now (saved or not yet), for reading across
        the team in another thread while this reviewer goes on working."""
        with self._memory_lock:
            return {table: dict(docs) for table, docs in self._tables.items()}

    def answers(self, record: str) -> list[Answer]:
        """Your extraction answers on `record`, oldest first (read in place: no copy of every table)."""
        return [Answer.from_doc(doc) for doc in self._tables["answers"].values() if doc["record"] == record]

    def rejections(self, record: str) -> list[Rejection]:
        """The suggestions you rejected on `record`."""
        return [Rejection.from_doc(doc) for doc in self._tables["rejections"].values() if doc["record"] == record]

    def decisions(self) -> list[Decision]:
        """Every decision this reviewer made, oldest first (the audit trail)."""
        return [Decision.from_doc(doc) for doc in self._tables["decisions"].values()]

    @property
    def unsaved(self) -> int:
        """How many changes are in memory but not yet on disk."""
        return self._unsaved

    # Writing -----------------------------------------------------------------------------

    def put_claim(self, claim: Claim) -> Future:
        return self.put("annotations", claim.to_doc())

    def delete_claim(self, claim_id: str) -> Future:
        return self._submit({"op": "delete", "table": "annotations", "id": claim_id})

    def put_rejection(self, rejection: Rejection) -> Future:
        return self.put("rejections", rejection.to_doc())

    def delete_rejection(self, rejection_id: str) -> Future:
        return self._submit({"op": "delete", "table": "rejections", "id": rejection_id})

    def put_decision(self, decision: Decision) -> Future:
        return self.put("decisions", decision.to_doc())

    def put(self, table: str, doc: dict) -> Future:
        """Save `doc` (replacing the one with its id); the future resolves once it is durable."""
        return self._submit({"op": "put", "table": table, "doc": doc})

    def _submit(self, operation: dict) -> Future:
        """Apply `operation` in memory and queue it for the disk. It is encoded here, in the
        caller's thread: what cannot be saved (a lone surrogate in a note, say) is refused
        with a ValueError before anything changes, and never reaches the writer thread."""
        operation["v"] = SCHEMA_VERSION
        line = encode(operation)
        with self._memory_lock:
            _apply(self._tables, operation)
            self._unsaved += 1
        saved: Future = Future()
        self._queue.put((line, saved))
        return saved

    def flush(self) -> None:
        """Wait until everything submitted so far is durable."""
        marker: Future = Future()
        self._queue.put((None, marker))
        marker.result()

    def close(self) -> None:
        """Save everything, fold the journal into the TinyDB file, and release the lock."""
        if not self._writer.is_alive():
            return
        self._queue.put(None)
        self._writer.join()
        self._compact()
        self._journal.close()
        journal_path(self.directory, self.slug).unlink(missing_ok=True)
        if self._lock is not None:
            self._lock.release()

    # The writer thread -------------------------------------------------------------------

    def _write_loop(self) -> None:
        while True:
            item = self._queue.get()
            batch = [item]
            while item is not None:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                batch.append(item)
            stopping = batch[-1] is None
            entries = [entry for entry in batch if entry is not None]
            try:
                self._save(entries)
            except Exception as error:  # noqa: BLE001 - never die silently: whoever waits is told
                for _, saved in entries:
                    if not saved.done():
                        saved.set_exception(error)
                if self.on_error is not None:
                    self.on_error(error)
            if stopping:
                return

    def _save(self, entries: list[tuple[bytes | None, Future]]) -> None:
        operations = [line for line, _ in entries if line is not None]
        if operations:
            self._retrying(lambda: self._journal.append(operations))
            self._journal_operations += len(operations)
            with self._memory_lock:
                self._unsaved -= len(operations)
        for _, saved in entries:
            saved.set_result(None)
        if operations and self.on_saved is not None:
            self.on_saved(len(operations))
        if self._journal_operations >= COMPACT_AFTER:
            self._retrying(self._compact)

    def _retrying(self, action: Callable[[], None]) -> None:
        """Run `action` until it succeeds (in the app: data it holds is never given up on), or,
        for a command, until the retries are spent: then the disk's error is raised."""
        for attempt in itertools.count():
            try:
                action()
                return
            except OSError as error:
                if self.on_error is not None:
                    self.on_error(error)
                if not self.retry_forever and attempt >= len(RETRY_SECONDS):
                    raise
                time.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])

    def _compact(self) -> None:
        if self._journal_operations == 0 and self.path.exists():
            return
        with self._memory_lock:  # what was set aside is kept, unless a document with its id replaced it
            snapshot = {
                name: list(({**self._set_aside.get(name, {}), **docs}).values()) for name, docs in self._tables.items()
            }
        data = {
            META_TABLE: {"1": {"schema": SCHEMA_VERSION, "reviewer": self.reviewer}},
            **{name: {str(i): doc for i, doc in enumerate(docs, 1)} for name, docs in snapshot.items()},
        }
        AtomicJSONStorage(self.path).write(data)
        self._journal.clear()
        self._journal_operations = 0
