"""Full texts: `python -m benchmarks.full_texts` (`make bench` runs it).

Opening a 20-page article's PDF in the Reader the first time (extraction) and again (cached),
pypdfium2's own page-by-page text read beside it as the floor; attaching 500 PDFs to a review of
10,000 records (matching included); peak memory extracting a 300-page PDF, in a fresh process.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import write_ris
from benchmarks.pdfs import article_pdf
from benchmarks.table import print_table
from reviewer.formats.full_text import read_full_text
from reviewer.importing.attach import attach
from reviewer.importing.files import import_file
from reviewer.review.folder import init_review

WORDS = "the trial randomised patients migraine pain relief placebo outcome adverse events treatment".split()


def article(path: Path, pages: int, title: str = "A benchmark article", doi: str = "", seed: int = 1) -> Path:
    """A `pages`-page article of random trial words, two full columns a page."""
    rng = random.Random(seed)

    def column(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(words))

    columns = [(column(240 if n == 0 else 280), column(240 if n == 0 else 280)) for n in range(pages)]
    return article_pdf(path, title, columns, doi=doi)


def timed(call, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def pdfium_only(path: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    for page in document:
        page.get_textpage().get_text_bounded()
    document.close()


def cache_folder() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "reviewer" / "fulltext"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="reviewer-bench-fulltext-"))
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    rows = []
    twenty = article(work / "twenty.pdf", 20)

    def first_open() -> None:
        for entry in cache_folder().glob("*.json"):
            entry.unlink()
        read_full_text(twenty, "twenty.pdf")

    rows.append(("open a 20-page PDF, first time (extract)", f"{timed(first_open, 7) * 1000:,.0f} ms", "< 500 ms"))
    read_full_text(twenty, "twenty.pdf")
    rows.append(
        (
            "open it again (cached)",
            f"{timed(lambda: read_full_text(twenty, 'twenty.pdf'), 15) * 1000:,.1f} ms",
            "< 50 ms",
        )
    )
    rows.append(
        ("pypdfium2 alone: its text, page by page", f"{timed(lambda: pdfium_only(twenty), 7) * 1000:,.0f} ms", "floor")
    )

    review = init_review(work / "review")
    import_file(review, write_ris(work / "search.ris", 10_000))
    made = [r for r in review.records() if r.doi][:500]
    files = []
    for n, record in enumerate(made):
        doi = record.doi if n % 2 == 0 else ""  # half by DOI, half by the title on the first page
        files.append(article(work / f"pdfs-{n}.pdf", 2, title=record.title, doi=doi, seed=n))
    started = time.perf_counter()
    done = attach(review, files)
    seconds = time.perf_counter() - started
    matched = sum(a.record is not None for a in done)
    rows.append((f"attach 500 PDFs to 10,000 records ({matched} matched)", f"{seconds:,.1f} s", "< 60 s"))

    big = article(work / "big.pdf", 300)
    child = (
        "import json, sys; from pathlib import Path; from reviewer.formats.pdf import extract\n"
        f"extract(Path({str(big)!r}).read_bytes(), 'big.pdf')\n"
        "peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
        "print(json.dumps(peak / 1024))"
    )
    peak = json.loads(subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True).stdout)
    rows.append(("peak memory extracting a 300-page PDF (fresh process)", f"{peak:,.0f} MB", ""))

    print("\nFull texts")
    print_table(("what", "median", "target"), rows)


if __name__ == "__main__":
    main()
