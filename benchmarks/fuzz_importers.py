"""Fuzz what reviewer reads with mutated inputs: `python -m benchmarks.fuzz_importers [N] [--mode M]`.

`exports` (the default): each round takes one of the test fixtures (real vendor layouts),
flips, deletes, inserts or cuts bytes at random (seeded), and reads the result as an import
would. Prints a table per fixture: rounds, files read, refused as unknown format, records
read, warnings, crashes. A crash is any exception other than the "unknown format" refusal.

`pdf`: articles, hostile page trees (a missing page, a loop), and glyph floods (a page of tens
of thousands of tiny lines), each also mutated, read as the app reads a PDF: in a process of
its own, bounded in time (EXTRACTION_SECONDS) and memory (PDF_MEMORY); prints read, refused,
crashes and hangs.

`cache`: one bit flipped at random in a parsed-exports cache entry and in a search index,
then the review read and searched: prints how often a record came back changed and how
often a traceback came out. Every mode exits non-zero on any crash, hang or changed record.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from reviewer import formats

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def mutate(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 30)):
        if not data:
            break
        position = rng.randrange(len(data))
        action = rng.choice(("flip", "delete", "insert", "cut", "duplicate"))
        if action == "flip":
            data[position] = rng.randrange(256)
        elif action == "delete":
            del data[position : position + rng.randint(1, 40)]
        elif action == "insert":
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
        elif action == "cut":
            del data[position:]
        else:
            end = min(len(data), position + rng.randint(1, 200))
            data[position:position] = data[position:end]
    return bytes(data)


def main(rounds: int = 2000) -> int:
    rng = random.Random(8)
    rows, crashes = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for fixture in sorted(FIXTURES.iterdir()):
            original = fixture.read_bytes()
            read = refused = records = warnings = failed = 0
            for number in range(rounds):
                path = Path(tmp) / f"{number}{fixture.suffix}"
                path.write_bytes(mutate(original, rng))
                try:
                    result = formats.read_file(path, path.name)
                except formats.UnreadableFile:
                    refused += 1
                    continue
                except Exception:  # noqa: BLE001 - a crash: exactly what this run looks for
                    failed += 1
                    if failed == 1:
                        traceback.print_exc()
                    continue
                read += 1
                records += len(result.records)
                warnings += len(result.warnings)
            crashes += failed
            rows.append((fixture.name, rounds, read, refused, records, warnings, failed))
    print(f"{'fixture':34} {'rounds':>7} {'read':>6} {'refused':>8} {'records':>8} {'warnings':>9} {'crashes':>8}")
    for name, *figures in rows:
        print(
            f"{name:34} "
            + " ".join(f"{value:>{width}}" for value, width in zip(figures, (7, 6, 8, 8, 9, 8), strict=True))
        )
    return 1 if crashes else 0


PDF_MEMORY = 1 << 30  # bytes of address space a PDF's reading may take


def pdf_inputs(folder: Path) -> dict[str, bytes]:
    from benchmarks.pdfs import article_pdf, damaged_pdf

    flood = folder / "flood.pdf"
    _glyph_flood(flood, 20_000)
    return {
        "article": article_pdf(
            folder / "a.pdf", "A trial of cement", [("Results. " + "word " * 400, "More. " * 300)] * 3
        ).read_bytes(),
        "missing page": damaged_pdf("missing page"),
        "page tree loop": damaged_pdf("page tree loop"),
        "glyph flood": flood.read_bytes(),
    }


def _glyph_flood(path: Path, lines: int) -> None:
    """One page of `lines` tiny lines, each a word (pdfium's lines, and glyph pairs, by the thousand)."""
    from fpdf import FPDF

    pdf = FPDF(format=(2000, 2000))
    pdf.add_page()
    pdf.set_font("Helvetica", size=1)
    for n in range(lines):
        pdf.text(1 + (n // 4000) * 400, 1 + (n % 4000) * 0.45, f"w{n}x" * 3)
    pdf.output(str(path))


def _read_bounded(path: str, answer: Any) -> None:
    import resource

    from reviewer.formats.pdf import extract

    resource.setrlimit(resource.RLIMIT_AS, (PDF_MEMORY, PDF_MEMORY))
    try:
        extract(Path(path).read_bytes(), Path(path).name)
        answer.put("read")
    except formats.UnreadableFile:
        answer.put("refused")
    except Exception:  # noqa: BLE001 - a crash: exactly what this run looks for
        answer.put("crash: " + traceback.format_exc(limit=3))


def main_pdf(rounds: int) -> int:
    import multiprocessing

    from reviewer.formats.pdf import EXTRACTION_SECONDS

    context = multiprocessing.get_context("spawn")
    rng = random.Random(9)
    bad = 0
    print(f"{'pdf':16} {'rounds':>7} {'read':>6} {'refused':>8} {'crashes':>8} {'hangs':>6} {'slowest':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, original in pdf_inputs(Path(tmp)).items():
            tally = {"read": 0, "refused": 0, "crash": 0, "hang": 0}
            slowest = 0.0
            for number in range(rounds):
                path = Path(tmp) / f"{number}.pdf"
                path.write_bytes(original if number == 0 else mutate(original, rng))
                answer = context.Queue()
                process = context.Process(target=_read_bounded, args=(str(path), answer))
                started = time.perf_counter()
                process.start()
                process.join(EXTRACTION_SECONDS)
                slowest = max(slowest, time.perf_counter() - started)
                if process.is_alive():
                    process.kill()
                    process.join()
                    tally["hang"] += 1
                    continue
                said = answer.get() if not answer.empty() else "crash: ended without a word"
                if said.startswith("crash"):
                    if not tally["crash"]:
                        print(said, file=sys.stderr)
                    tally["crash"] += 1
                else:
                    tally[said] += 1
            bad += tally["crash"] + tally["hang"]
            figures = (rounds, tally["read"], tally["refused"], tally["crash"], tally["hang"])
            print(f"{name:16} " + " ".join(f"{v:>{w}}" for v, w in zip(figures, (7, 6, 8, 8, 6), strict=True)), end="")
            print(f" {slowest:>7.2f}s")
    return 1 if bad else 0


def main_cache(rounds: int) -> int:
    import os

    from reviewer.importing.files import import_file
    from reviewer.persistence import record_cache
    from reviewer.review.folder import init_review, open_review
    from reviewer.search.index import SearchIndexDamaged, index_path, open_index, rebuilt_index

    rng = random.Random(10)
    changed = tracebacks = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        review = init_review(Path(tmp) / "r")
        for name in ("embase-vertebroplasty.ris", "pubmed.nbib", "scopus-crlf.ris"):
            import_file(review, FIXTURES / name)
        truth = [(r.id, r.title, r.abstract) for r in open_review(review.root).records()]
        entries = [record_cache._entry(path) for path in review.source_files()]  # noqa: SLF001
        originals = {entry: entry.read_bytes() for entry in entries}
        open_index(review).close()
        index_original = index_path(review).read_bytes()
        for _ in range(rounds):
            for entry, original in originals.items():
                entry.write_bytes(original)
            entry = rng.choice(entries)
            flipped = bytearray(originals[entry])
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
            entry.write_bytes(bytes(flipped))
            index = bytearray(index_original)
            index[rng.randrange(len(index))] ^= 1 << rng.randrange(8)
            index_path(review).write_bytes(bytes(index))
            try:
                read = [(r.id, r.title, r.abstract) for r in open_review(review.root).records()]
                changed += read != truth
                searcher = open_index(review)
                try:
                    searcher.search("vertebroplasty fracture")
                except SearchIndexDamaged:
                    searcher = rebuilt_index(review, searcher)
                    searcher.search("vertebroplasty fracture")
                searcher.close()
            except Exception:  # noqa: BLE001 - a traceback: exactly what this run looks for
                tracebacks += 1
                if tracebacks == 1:
                    traceback.print_exc()
    print(f"cache rounds {rounds}: records changed {changed}, tracebacks {tracebacks}")
    return 1 if changed or tracebacks else 0


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--mode")]
    mode = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--mode=")), "exports")
    count = int(arguments[0]) if arguments else {"exports": 2000, "pdf": 40, "cache": 150}[mode]
    raise SystemExit({"exports": main, "pdf": main_pdf, "cache": main_cache}[mode](count))
