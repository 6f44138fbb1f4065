"""One cold start, in a fresh process (run by __main__): prints one JSON line.

`python -m benchmarks.cold_start_child [REVIEW]`: starts the app headless on REVIEW (or
the bundled sample) and reports the wall-clock time of the first frame that shows the
Library with its records listed, of the first key answered after it (the records list moved
its cursor), and of the first frame after the review's state came in (its counts drawn), so
the parent can count from the moment it started this process.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from textual.widgets import Static

from benchmarks.frames import FrameClock
from reviewer.review.folder import open_review, sample_review
from reviewer.tui.app import ReviewerApp
from reviewer.tui.library.record_list import RecordList
from reviewer.tui.library.screen import LibraryScreen


async def first_screen(review) -> dict:
    app = ReviewerApp(review, review.open_store("bench", "Bench"))
    clock = FrameClock(app)

    def library_listed() -> bool:
        return isinstance(app.screen, LibraryScreen) and app.screen.query_one(RecordList).item_count > 0

    def counted() -> bool:  # the review's state is in: the Library's counts are drawn
        return library_listed() and "Title-abstract (" in str(app.screen.query_one("#library-summary", Static).content)

    listed = asyncio.ensure_future(clock.frame_where(library_listed))
    async with app.run_test(size=(120, 40)):
        listed_at = await listed
        listed_wall = time.time() - (time.perf_counter() - listed_at)
        records = app.screen.query_one(RecordList)
        await clock.key_to_frame("down", lambda: records.cursor == 1)
        answered_wall = time.time()
        counted_at = await clock.frame_where(counted, timeout=120.0)
        counted_wall = time.time() - (time.perf_counter() - counted_at)
    return {"listed_at": listed_wall, "first_key_answered_at": answered_wall, "counted_at": counted_wall}


def main() -> None:
    review = open_review(Path(sys.argv[1])) if len(sys.argv) > 1 else sample_review()
    figures = asyncio.run(first_screen(review))
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    figures["peak_mb"] = peak_kb / 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
