"""The Reader on one huge text: `python -m benchmarks.huge_text [MB]` opens a single-line text
of about MB megabytes (default 48) and prints the seconds each key takes, and peak memory.

Keys are timed with Pilot (idle waits included: a ceiling, not key-to-frame latency).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "A sentence about vertebroplasty and fractures. "


async def run(megabytes: int) -> None:
    from reviewer.review.folder import init_review
    from reviewer.tui.app import ReviewerApp

    review = init_review(Path(tempfile.mkdtemp()) / "huge")
    (review.corpus_dir / "huge.txt").write_text(SENTENCE * (megabytes * 1_000_000 // len(SENTENCE)), encoding="utf-8")
    app = ReviewerApp(review, review.open_store("bench", "Bench"))
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("enter", "G", "s", "g", "w", "e", "b", ")"):
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            print(f"{key:>6}  {time.perf_counter() - started:6.2f} s")
    peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(f"peak memory {peak_kb / 1024:,.0f} MB")


if __name__ == "__main__":
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp()
    asyncio.run(run(int(sys.argv[1]) if len(sys.argv) > 1 else 48))
