"""Run the benchmarks and print a table: `python -m benchmarks [--quick]`.

Each figure is the median (and 95th percentile) of repeated runs on generated, seeded
review exports (see generate.py). Imports run in a fresh process each, so peak memory is
that process's own.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import add_screening_and_claims, write_ris
from benchmarks.latency import bench_reader_and_export, bench_screening_keypress, bench_textual_floor
from benchmarks.table import ROWS, print_table, row
from reviewer.review.folder import open_review

IN_PROGRESS: dict[Path, str] = {}  # review folder -> the screening and claims added to it


# Peak memory is read from VmHWM, which starts afresh at exec; ru_maxrss would carry over
# the benchmark parent's own high-water mark into the child.
CHILD = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
{body}
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"seconds": time.perf_counter() - started, "peak_mb": peak_kb / 1024}}))
"""


def in_child(body: str) -> dict:
    """Run `body` in a fresh Python and return its time and peak memory."""
    result = subprocess.run([sys.executable, "-c", CHILD.format(body=body)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_import(workdir: Path, count: int, repeats: int) -> None:
    ris = write_ris(workdir / f"search-{count}.ris", count)
    ours, floor = [], []
    for attempt in range(repeats):
        review = workdir / f"review-{count}-{attempt}"
        ours.append(
            in_child(
                "from reviewer.review.folder import init_review\n"
                "from reviewer.importing.files import import_file\n"
                f"review = init_review(Path({str(review)!r}))\n"
                f"import_file(review, Path({str(ris)!r}))\n"
                "assert review.records()\n"
            )
        )
        floor.append(in_child(f"import rispy\nrispy.load(Path({str(ris)!r}), encoding='utf-8')\n"))
    seconds, floor_seconds = [r["seconds"] for r in ours], [r["seconds"] for r in floor]
    ratio = statistics.median(seconds) / statistics.median(floor_seconds)
    row("import RIS (ours)", f"{count:,}", seconds, "s", f"{ratio:.2f}× rispy alone")
    row("  rispy parsing alone (floor)", f"{count:,}", floor_seconds, "s")
    row("  peak memory, import (ours)", f"{count:,}", [r["peak_mb"] for r in ours], "MB")
    row("  peak memory, rispy alone", f"{count:,}", [r["peak_mb"] for r in floor], "MB")
    opened = [
        in_child(
            "from reviewer.review.folder import open_review\n"
            f"assert open_review(Path({str(workdir / f'review-{count}-0')!r})).records()\n"
        )
        for _ in range(repeats)
    ]
    row("open review, records ready (parse cache warm)", f"{count:,}", [r["seconds"] for r in opened], "s")
    row("  peak memory, open review", f"{count:,}", [r["peak_mb"] for r in opened], "MB")
    return workdir / f"review-{count}-0"


def bench_extreme_inputs(workdir: Path) -> None:
    """Hostile sizes: reading must grow with the input, not faster. Two sizes of each, so the
    ratio of times shows the growth (about 2x for linear; it was 4.5x for a LaTeX field)."""
    for megabytes in (5, 10):
        latex = workdir / f"latex-{megabytes}.bib"
        latex.write_text("@article{a, title={" + "\\'etude " * (megabytes * 110_000) + "}, year={2001}}\n")
        cr_only = workdir / f"cr-{megabytes}.ris"
        record = "TY  - JOUR\rTI  - A title\rAB  - " + "word " * 200 + "\rER  - \r"
        cr_only.write_text(record * (megabytes * 1_000))
        field = workdir / f"field-{megabytes}.csv"
        field.write_text("title,abstract\nOne," + "x" * (megabytes * 1_000_000) + "\n")
        for label, path in (
            ("BibTeX, one LaTeX field", latex),
            ("RIS, CR line ends only", cr_only),
            ("CSV, one field", field),
        ):
            runs = [
                in_child(f"from reviewer import formats\nformats.read_file(Path({str(path)!r}), 'x')\n")
                for _ in range(3)
            ]
            row(
                f"extreme input: {label}",
                f"{megabytes} MB",
                [r["seconds"] for r in runs],
                "s",
                f"peak {statistics.median(r['peak_mb'] for r in runs):.0f} MB",
            )


def bench_dedupe(review_dir: Path, count: int) -> None:
    from reviewer.duplicates.groups import find_duplicates

    records = open_review(review_dir).records()
    times, groups = [], []
    for _ in range(3):
        started = time.perf_counter()
        groups = find_duplicates(records)
        times.append(time.perf_counter() - started)
    row("dedupe", f"{count:,}", times, "s", f"{len(groups)} groups found (3% planted)")


def bench_review_state(review_dir: Path, count: int) -> None:
    """The one computed state every count reads: every reviewer's file read, the state derived,
    and the PRISMA counts, as the app's worker does after each change."""
    from reviewer.team.state import ReviewState

    review = open_review(review_dir)
    review.records()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        ReviewState.read(review, "bench").prisma()
        times.append(time.perf_counter() - started)
    row("review state: files read, state and PRISMA counts", f"{count:,}", times, "s", "in a worker, after a change")


def bench_search(review_dir: Path, count: int) -> None:
    """Index build, size and query times against plain FTS5, and recall against brute force."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.search_child", str(review_dir)], capture_output=True, text=True, check=True
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    size = f"{count:,}"
    row(
        "search: index build (first open)",
        size,
        [figures["build_s"]],
        "s",
        f"{figures['disk_mb']:.0f} MB on disk, +{figures['memory_mb']:.0f} MB memory",
    )
    row("search: refresh, nothing changed", size, [figures["refresh_unchanged_s"]], "ms")
    ratio = statistics.median(figures["ours"]) / statistics.median(figures["fts5"])
    row(
        "search: query, top 20 (ours)",
        size,
        figures["ours"],
        "ms",
        f"{ratio:.2f}× plain FTS5; recall@20 vs brute force {figures['recall_at_20']:.2f}",
    )
    row("  plain FTS5 query (reference)", size, figures["fts5"], "ms")


def bench_floors(workdir: Path, stored: int) -> None:
    """What a save costs with TinyDB's own JSONStorage and with SQLite, for the ratios."""
    from tinydb import TinyDB

    path = workdir / f"tinydb-{stored}.json"
    database = TinyDB(path)
    database.insert_multiple({"record": f"hash:{n}", "decision": "include", "note": ""} for n in range(stored))
    times = []
    for number in range(5 if stored > 10_000 else 30):
        started = time.perf_counter()
        database.insert({"record": f"new:{number}", "decision": "exclude", "note": ""})
        times.append(time.perf_counter() - started)
    database.close()
    row("  floor: TinyDB JSONStorage insert (no fsync)", f"{stored:,} stored", times, "ms", "rewrites the whole file")

    connection = sqlite3.connect(workdir / f"sqlite-{stored}.db", isolation_level=None)
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE decisions(id INTEGER PRIMARY KEY, record TEXT, decision TEXT)")
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO decisions(record, decision) VALUES (?, 'include')", ((f"hash:{n}",) for n in range(stored))
    )
    connection.execute("COMMIT")
    times = []
    for number in range(200):
        started = time.perf_counter()
        connection.execute("INSERT INTO decisions(record, decision) VALUES (?, 'exclude')", (f"new:{number}",))
        times.append(time.perf_counter() - started)
    connection.close()
    row("  floor: SQLite single-row insert (synchronous=FULL)", f"{stored:,} stored", times, "ms")


def bench_cold_start(review_dir: Path | None, label: str) -> None:
    """From starting a fresh process to the Library on screen with its records listed, and
    to the first key answered after it (see cold_start_child.py)."""
    command = [sys.executable, "-m", "benchmarks.cold_start_child", *([str(review_dir)] if review_dir else [])]
    subprocess.run(command, capture_output=True, check=True, env=child_env())  # compiles the .pyc files once
    listed, answered, counted, peaks = [], [], [], []
    for _ in range(5):
        started = time.time()
        result = subprocess.run(command, capture_output=True, text=True, check=True, env=child_env())
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        listed.append(figures["listed_at"] - started)
        answered.append(figures["first_key_answered_at"] - started)
        counted.append(figures["counted_at"] - started)
        peaks.append(figures["peak_mb"])
    work = f"; {IN_PROGRESS[review_dir]}" if review_dir in IN_PROGRESS else ""
    row("cold start: Library listed on screen", label, listed, "s", f"peak {statistics.median(peaks):.0f} MB{work}")
    row("cold start: first key answered", label, answered, "s", "open review to interactive")
    row("cold start: the review's counts on screen", label, counted, "s", "its state computed in a worker")


def child_env() -> dict[str, str]:
    """The environment of a user's start: Python keeps its compiled .pyc files."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def bench_durable_save(workdir: Path, stored: int) -> None:
    """Saving one decision, and one claim, until it is on disk, with `stored`
    decisions and a tenth as many claims already in the reviewer's file."""
    from reviewer.annotating.placing import new_claim
    from reviewer.domain.decision import Decision
    from reviewer.persistence.store import ReviewerStore

    text = "Vertebroplasty was associated with new adjacent fractures, an association, not proof of causation."
    directory = workdir / f"store-{stored}"
    store = ReviewerStore.open(directory, "bench", "Bench")
    for number in range(stored):
        store.put_decision(Decision(f"hash:{number}", "Bench", "title-abstract", "include"))
        if number % 10 == 0:
            store.put_claim(new_claim(f"hash:{number}", "Bench", text, 0, 40, ("efficacy",)))
    store.close()  # folded into the TinyDB file: the next opens start from it
    store = ReviewerStore.open(directory, "bench", "Bench")
    decisions, claims = [], []
    for number in range(200):
        started = time.perf_counter()
        store.put_decision(Decision(f"new:{number}", "Bench", "title-abstract", "exclude")).result()
        decisions.append(time.perf_counter() - started)
        claim = new_claim(f"new:{number}", "Bench", text, 43, 97, ("caveat",), note="not causal")
        started = time.perf_counter()
        store.put_claim(claim).result()
        claims.append(time.perf_counter() - started)
    store.close()
    row("durable save of one decision", f"{stored:,} stored", decisions, "ms", "journal append + fsync")
    row("durable save of one claim", f"{stored:,} stored", claims, "ms", "journal append + fsync")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-record import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reviewer-bench-") as tmp:
        workdir = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(workdir / "cache")  # caches start empty, and stay out of yours
        review_1k = bench_import(workdir, 1_000, repeats=3)
        review_10k = bench_import(workdir, 10_000, repeats=3)
        review_100k = None if args.quick else bench_import(workdir, 100_000, repeats=1)
        for count, review_dir in ((1_000, review_1k), (10_000, review_10k), (100_000, review_100k)):
            if review_dir is not None:
                bench_search(review_dir, count)
        bench_dedupe(review_10k, 10_000)
        bench_extreme_inputs(workdir)
        for stored in (1_000, 10_000, 100_000):
            bench_durable_save(workdir, stored)
            bench_floors(workdir, stored)
        for review_dir in (review_10k, review_100k):  # in progress, after search and dedupe measured the corpus
            if review_dir is not None:
                IN_PROGRESS[review_dir] = "{:,} decisions, {:,} claims".format(
                    *add_screening_and_claims(open_review(review_dir))
                )
        for count, review_dir in ((10_000, review_10k), (100_000, review_100k)):
            if review_dir is not None:
                bench_review_state(review_dir, count)
        bench_cold_start(None, "sample")
        bench_cold_start(review_10k, "10,000")
        if review_100k is not None:
            bench_cold_start(review_100k, "100,000")
        bench_reader_and_export(workdir)
        bench_screening_keypress(review_10k, 10_000)
        if review_100k is not None:
            bench_screening_keypress(review_100k, 100_000)
        bench_textual_floor()
    print_table(("what", "size", "median", "p95", "note"), ROWS)


if __name__ == "__main__":
    main()
