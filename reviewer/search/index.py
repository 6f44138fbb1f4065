"""Search across records and claims: SQLite FTS5 for the index, rapidfuzz for typos.

The index is a SQLite FTS5 table (stdlib sqlite3) kept in the user's cache folder, one per
review, with the Porter stemmer so word forms match ("fractures" finds "fracture"). It is
refreshed incrementally: only corpus files whose size or time changed are re-indexed, and
the claims only when a reviewer's file changed. A query word that the index does not
know is widened to the closest words of the index's vocabulary (rapidfuzz), so
"vertebroplsty" still finds vertebroplasty. The last word typed also matches as a prefix,
for results as you type.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from rapidfuzz import fuzz, process

from reviewer.domain.errors import ReviewerError
from reviewer.review.folder import Review
from reviewer.review.identity import slug
from reviewer.team.snapshot import EVERYONE, TeamSnapshot

SCHEMA = 2  # 2: a claim's row keeps its reviewer's file slug in `source`
TYPO_MIN_SCORE = 80.0
TYPO_CANDIDATES = 3
FIELDS = {"title": "title", "abstract": "body", "text": "body", "notes": "notes", "quote": "body"}
_WORD = re.compile(r"\w+", re.UNICODE)
MARK_START, MARK_END = "\x02", "\x03"
# bm25 weights, one per column in order: kind, key, record, source, tags, reviewer, title, body, notes
WEIGHTS = "0, 0, 0, 0, 0, 0, 5.0, 1.0, 2.0"


@functools.cache
def porter_stemmer() -> Any:
    """The algorithm FTS5's porter tokenizer uses. Loaded on first use: snowballstemmer
    imports every language it has, 60 ms that the app's start need not wait for."""
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


@dataclass(frozen=True)
class Hit:
    kind: str  # "record" or "claim"
    key: str  # record id, or claim id
    record: str
    title: str  # with MARK_START/MARK_END around matched words
    snippet: str
    tags: str
    reviewer: str
    score: float

    def to_json(self) -> dict:
        strip = lambda s: s.replace(MARK_START, "").replace(MARK_END, "")  # noqa: E731
        return {
            "kind": self.kind,
            "id": self.key,
            "record": self.record,
            "title": strip(self.title),
            "snippet": strip(self.snippet),
            "tags": self.tags.split(";") if self.tags else [],
            "reviewer": self.reviewer,
            "score": round(self.score, 4),
        }


@dataclass
class Query:
    words: list[str]
    field: str | None = None
    kind: str | None = None
    tag: str | None = None
    reviewer: str | None = None
    decision: str | None = None


def parse_query(text: str) -> Query:
    """Words, and the filters in:FIELD, kind:record|claim, tag:X, reviewer:X, decision:X."""
    query = Query(words=[])
    for part in text.split():
        name, _, value = part.partition(":")
        if value and name in ("in", "kind", "tag", "reviewer", "decision"):
            setattr(query, "field" if name == "in" else name, value.casefold())
        else:
            query.words.extend(_WORD.findall(part))
    return query


def index_path(review: Review) -> Path:
    digest = hashlib.sha1(str(review.root.resolve()).encode()).hexdigest()[:16]
    return platformdirs.user_cache_path("reviewer") / "search" / f"{digest}.sqlite"


class SearchIndexDamaged(ReviewerError):
    """A query found the index damaged on disk: build it again (`rebuilt_index`)."""


class SearchIndex:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.executescript(
            """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS meta(schema INTEGER);
            CREATE TABLE IF NOT EXISTS files(source TEXT PRIMARY KEY, key TEXT);
            CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(
                kind UNINDEXED, key UNINDEXED, record UNINDEXED, source UNINDEXED, tags UNINDEXED,
                reviewer UNINDEXED, title, body, notes,
                tokenize='porter unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE IF NOT EXISTS vocabulary USING fts5vocab(docs, 'row');
            """
        )
        self._vocabulary: tuple[list[str], frozenset[str]] | None = None

    def close(self) -> None:
        self.db.close()

    # Keeping it up to date ---------------------------------------------------------------

    def refresh(self, review: Review) -> int:
        """Re-index what changed since the last refresh; returns how many documents were written."""
        known = dict(self.db.execute("SELECT source, key FROM files"))
        current = {path.relative_to(review.corpus_dir).as_posix(): _file_key(path) for path in review.source_files()}
        changed = {source for source, key in current.items() if known.get(source) != key}
        gone = set(known) - set(current) - {CLAIMS}
        claims_key = _claims_key(review)
        written = 0
        with self.db:
            for source in changed | gone:
                self.db.execute("DELETE FROM docs WHERE kind = 'record' AND source = ?", (source,))
                self.db.execute("DELETE FROM files WHERE source = ?", (source,))
            if changed:
                rows = [
                    (
                        "record",
                        r.id,
                        r.id,
                        r.source,
                        "",
                        "",
                        r.title,
                        "\n".join((r.abstract, "; ".join(r.keywords), r.text)),
                        "",
                    )
                    for r in review.records()
                    if r.source in changed
                ]
                self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
                written += len(rows)
                self.db.executemany("INSERT INTO files VALUES (?, ?)", [(s, current[s]) for s in changed])
            if known.get(CLAIMS) != claims_key:
                self.db.execute("DELETE FROM docs WHERE kind = 'claim'")
                rows = []
                # Every reviewer's claims are indexed (once, whoever looks); a blind search
                # asks only for the searcher's own, by the file slug kept in `source`.
                seen: set[str] = set()
                for a in TeamSnapshot.read(review, EVERYONE).claims:
                    if a.id in seen:  # one claim, one hit, even if two files hold its id
                        continue
                    seen.add(a.id)
                    record = review.record(a.record)
                    rows.append(
                        (
                            "claim",
                            a.id,
                            a.record,
                            slug(a.reviewer, default=""),
                            ";".join(a.tags),
                            a.reviewer,
                            record.title if record else a.record,
                            a.exact,
                            a.note,
                        )
                    )
                self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
                self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (CLAIMS, claims_key))
                written += len(rows)
        if written or gone:
            self._vocabulary = None
        return written

    # Asking ---------------------------------------------------------------------------------

    def vocabulary(self) -> tuple[list[str], frozenset[str]]:
        """The index's terms (Porter stems, as FTS5 stores them), as a list and a set."""
        if self._vocabulary is None:
            terms = [term for (term,) in self.db.execute("SELECT term FROM vocabulary")]
            self._vocabulary = (terms, frozenset(terms))
        return self._vocabulary

    def expand(self, word: str) -> list[str]:
        """The word, and, when the index knows not its stem, the closest stems it does know.

        Comparing stems with stems ("asoci" with "associ") keeps a typo near its word even
        when the stemmer cut a long ending off the right spelling.
        """
        terms, known = self.vocabulary()
        stem = porter_stemmer().stemWord(word.casefold())
        if stem in known:
            return [word]
        close = process.extract(stem, terms, scorer=fuzz.ratio, score_cutoff=TYPO_MIN_SCORE, limit=TYPO_CANDIDATES)
        return [word, *(term for term, _, _ in close)]

    def match_expression(self, query: Query, typing: bool = False) -> str | None:
        groups = []
        for position, word in enumerate(query.words):
            alternatives = [f'"{w}"' for w in self.expand(word)]
            if typing and position == len(query.words) - 1:
                alternatives.append(f'"{word}"*')
            groups.append("(" + " OR ".join(alternatives) + ")")
        if not groups:
            return None
        expression = " AND ".join(groups)
        column = FIELDS.get(query.field or "")
        return f"{{{column}}} : ({expression})" if column else expression

    def search(
        self,
        text: str,
        limit: int = 20,
        typing: bool = False,
        decisions: Callable[[], dict[str, str]] | None = None,
        claims_of: str | None = None,
    ) -> list[Hit]:
        """The best `limit` hits for `text`; `decisions()` (record -> decision) serves
        decision:X, and is only asked for when the query has that filter. With `claims_of`
        (a reviewer's slug: a blind search), other reviewers' claims are never hits."""
        try:
            return self._search(text, limit, typing, decisions, claims_of)
        except sqlite3.DatabaseError as error:  # a cache damaged on disk: whoever asked builds it again
            raise SearchIndexDamaged(f"the search index {self.path} is damaged ({error}); it is built again") from None

    def _search(
        self,
        text: str,
        limit: int,
        typing: bool,
        decisions: Callable[[], dict[str, str]] | None,
        claims_of: str | None,
    ) -> list[Hit]:
        query = parse_query(text)
        expression = self.match_expression(query, typing)
        conditions: list[str] = []
        parameters: list[str | int] = []
        if query.kind:
            conditions.append("kind = ?")
            parameters.append(query.kind)
        if query.tag:
            conditions.append("(';' || lower(tags) || ';') LIKE ?")
            parameters.append(f"%;{query.tag}%")
        if query.reviewer:
            conditions.append("lower(reviewer) LIKE ?")
            parameters.append(f"{query.reviewer}%")
        if claims_of is not None:
            conditions.append("(kind = 'record' OR source = ?)")
            parameters.append(claims_of)
        wanted = limit if not query.decision else limit * 20
        if expression is not None:
            rows = self.db.execute(
                f"""SELECT kind, key, record, highlight(docs, 6, ?, ?), snippet(docs, 7, ?, ?, '…', 24),
                           tags, reviewer, bm25(docs, {WEIGHTS}) AS rank
                    FROM docs WHERE {" AND ".join(["docs MATCH ?", *conditions])} ORDER BY rank LIMIT ?""",
                (MARK_START, MARK_END, MARK_START, MARK_END, expression, *parameters, wanted),
            ).fetchall()
        elif query.kind or query.tag or query.reviewer:  # filters alone ("tag:safety"): what they keep, in order
            rows = self.db.execute(
                f"""SELECT kind, key, record, title, substr(body, 1, 200), tags, reviewer, 0.0
                    FROM docs WHERE {" AND ".join(conditions)} ORDER BY rowid LIMIT ?""",
                (*parameters, wanted),
            ).fetchall()
        else:
            return self._decided(query.decision, decisions, limit) if query.decision and decisions else []
        hits = [
            Hit(kind, key, record, title, snippet, tags, who, -rank)
            for kind, key, record, title, snippet, tags, who, rank in rows
        ]
        if query.decision is not None:
            by_record = decisions() if decisions else {}
            hits = [h for h in hits if by_record.get(h.record, "none").startswith(query.decision)]
        return hits[:limit]

    def _decided(self, decision: str, decisions: Callable[[], dict[str, str]], limit: int) -> list[Hit]:
        """`decision:include` alone: the records with that decision, in the corpus's order."""
        chosen = [record for record, said in decisions().items() if said.startswith(decision)][:limit]
        if not chosen:
            return []
        rows = self.db.execute(
            f"""SELECT key, record, title, substr(body, 1, 200), tags, reviewer FROM docs
                WHERE kind = 'record' AND key IN ({", ".join("?" * len(chosen))})""",
            chosen,
        ).fetchall()
        return [
            Hit("record", key, record, title, snippet, tags, who, 0.0)
            for key, record, title, snippet, tags, who in rows
        ]


CLAIMS = "\x00claims"  # the files-table entry that tracks the reviewers' files


def _file_key(path: Path) -> str:
    stat = path.stat()
    return f"{SCHEMA}:{stat.st_size}:{stat.st_mtime_ns}"


def _claims_key(review: Review) -> str:
    parts = []
    if review.annotations_dir.is_dir():
        for path in sorted(review.annotations_dir.iterdir()):
            if path.suffix in (".json", ".journal"):
                stat = path.stat()
                parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1(f"{SCHEMA}|{'|'.join(parts)}".encode()).hexdigest()


def open_index(review: Review) -> SearchIndex:
    """The review's index, brought up to date. It is a cache: one that is damaged or
    half-written is thrown away and built again."""
    try:
        index = SearchIndex(index_path(review))
        index.refresh(review)
    except sqlite3.DatabaseError:
        return rebuilt_index(review)
    return index


def refreshed(index: SearchIndex | None, review: Review) -> SearchIndex:
    """`index` brought up to date (opened first when None); one found damaged, built anew."""
    if index is None:
        return open_index(review)
    try:
        index.refresh(review)
    except sqlite3.DatabaseError:
        return rebuilt_index(review, index)
    return index


def rebuilt_index(review: Review, damaged: SearchIndex | None = None) -> SearchIndex:
    """The review's index thrown away (closing `damaged`, the one found damaged) and built anew."""
    if damaged is not None:
        damaged.close()
    path = index_path(review)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    index = SearchIndex(path)
    index.refresh(review)
    return index
