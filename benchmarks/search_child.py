"""One search benchmark run, in its own process (run by __main__): prints one JSON line."""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from benchmarks.generate import WORDS
from reviewer.review.folder import open_review
from reviewer.search.index import open_index

QUERIES = 60
RECALL_QUERIES = 12


def queries(seed: int = 3) -> list[str]:
    """Realistic queries: one to three topic words, a third of them with a typo."""
    rng = random.Random(seed)
    made = []
    for number in range(QUERIES):
        words = rng.sample(WORDS, rng.randint(1, 3))
        if number % 3 == 0:
            word = words[0]
            cut = rng.randrange(1, len(word) - 1)
            words[0] = word[:cut] + word[cut + 1 :]  # one letter dropped
        made.append(" ".join(words))
    return made


def _resident_kb() -> int:
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS:"))


def timed(run, items) -> list[float]:
    times = []
    for item in items:
        started = time.perf_counter()
        run(item)
        times.append(time.perf_counter() - started)
    return times


def main(review_dir: str) -> None:
    review = open_review(Path(review_dir))
    records = review.records()
    rss_before = _resident_kb()
    started = time.perf_counter()
    index = open_index(review)
    build = time.perf_counter() - started
    index.vocabulary()
    rss_after = _resident_kb()
    started = time.perf_counter()
    index.refresh(review)
    refresh = time.perf_counter() - started
    disk = sum(p.stat().st_size for p in index.path.parent.glob(index.path.name + "*"))
    asked = queries()
    ours = timed(lambda q: index.search(q, limit=20), asked)

    # The reference: plain FTS5 (same tokenizer) on the same texts, no typo widening.
    reference = sqlite3.connect(":memory:")
    reference.execute("CREATE VIRTUAL TABLE ref USING fts5(title, body, tokenize='porter unicode61')")
    reference.executemany("INSERT INTO ref VALUES (?, ?)", [(r.title, r.abstract) for r in records])
    fts5 = timed(
        lambda q: reference.execute(
            "SELECT rowid FROM ref WHERE ref MATCH ? ORDER BY rank LIMIT 20", (" ".join(f'"{w}"' for w in q.split()),)
        ).fetchall(),
        asked,
    )

    # Recall against a brute-force rapidfuzz scan of every title and abstract: a record
    # matches when each query word is in it, typos allowed (partial_ratio >= 85). Recall@20
    # is the share of min(20, matching records) that our top 20 holds.
    texts = {r.id: f"{r.title} {r.abstract} {'; '.join(r.keywords)}".lower() for r in records}  # what is indexed
    recalls = []
    for q in asked[:RECALL_QUERIES]:
        matching = None
        for word in q.split():
            found_word = {
                key
                for _, _, key in process.extract(word, texts, scorer=fuzz.partial_ratio, score_cutoff=85, limit=None)
            }
            matching = found_word if matching is None else matching & found_word
        if not matching:
            continue
        found = {hit.record for hit in index.search(q, limit=20)}
        recalls.append(len(found & matching) / min(20, len(matching)))
    print(
        json.dumps(
            {
                "build_s": build,
                "refresh_unchanged_s": refresh,
                "disk_mb": disk / 1e6,
                "memory_mb": (rss_after - rss_before) / 1024,
                "ours": ours,
                "fts5": fts5,
                "recall_at_20": statistics.mean(recalls),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
