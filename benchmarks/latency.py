"""Latency from the key entering the app to the frame that shows its effect (see frames.py):
screening's next record, the Reader's tag key, and Textual's own floor; and exporting claims."""

from __future__ import annotations

import asyncio
import gc
import time
from pathlib import Path

from benchmarks.frames import FrameClock
from benchmarks.table import row
from reviewer.review.folder import open_review

CLAIM_COUNTS = (50, 1000)


def _review_with_claims(folder: Path, claims: int):
    from reviewer.annotating.placing import new_claim
    from reviewer.review.folder import bundled_corpus, init_review

    review = init_review(folder)
    for source in bundled_corpus().iterdir():
        (review.corpus_dir / source.name).write_bytes(source.read_bytes())
    record = review.records()[0]
    store = review.open_store("bench", "Bench")
    for number in range(claims):
        start = (number * 7) % (len(record.text) - 80)
        store.put_claim(new_claim(record.id, "Bench", record.text, start, start + 60, ("caveat",)))
    store.close()
    return review


async def _tag_times(review) -> list[float]:
    from reviewer.tui.app import ReviewerApp

    app = ReviewerApp(review, review.open_store("bench", "Bench"))
    clock = FrameClock(app)
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        reader = app.screen
        for number in range(40):
            reader.source.select(number * 10, number * 10 + 30)
            claims = len(reader.claims)
            await pilot.pause()
            times.append(await clock.key_to_frame("1", lambda claims=claims: len(reader.claims) > claims))
    return times


async def _form_times(review) -> tuple[list[float], list[float]]:
    """Opening RoB 2's panel (enter in the form picker to the panel on screen), and answering a
    signalling question by its number key (key in to the answer on screen)."""
    from reviewer.tui.app import ReviewerApp

    app = ReviewerApp(review, review.open_store("bench", "Bench"))
    clock = FrameClock(app)
    opened, answered = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        reader = app.screen
        for round_number in range(8):
            await pilot.press("f", *"rob2")
            await pilot.pause()
            opened.append(await clock.key_to_frame("enter", lambda: reader.filling.form is not None))
            panel = reader.filling.panel
            questions = [i for i, row in enumerate(panel.rows) if "." in row.key][:10]  # not the judgements
            for number in questions:
                panel.cursor = number
                flip = (number + round_number) % 2  # another value than the round before: a frame to see
                key, choice = panel.rows[number].key, ("Y", "N")[flip]
                await pilot.pause()
                shown = lambda key=key, choice=choice: getattr(reader.filling.given.get(key), "value", None) == choice  # noqa: E731
                answered.append(await clock.key_to_frame(("1", "4")[flip], shown))
            await pilot.press("f")
            await pilot.pause()
    return opened, answered


def bench_reader_and_export(workdir: Path) -> None:
    """Tagging the selection in the Reader, key in to highlight on screen, on the sample
    text holding 50 claims (a well-read paper) and 1,000 (overlapping all over its first
    pages: the worst case); then exporting every claim of the larger review."""
    for claims in CLAIM_COUNTS:
        review = _review_with_claims(workdir / f"claims-{claims}", claims)
        set_earlier_benchmarks_aside()
        row(
            "reader: tag key to highlight on screen",
            f"{claims:,} claims",
            asyncio.run(_tag_times(review)),
            "ms",
            "key in, frame out",
        )
        opened, answered = asyncio.run(_form_times(review))
        row("reader: open the RoB 2 form panel", f"{claims:,} claims", opened, "ms", "key in, frame out")
        row("reader: answer a question by its key", f"{claims:,} claims", answered, "ms", "key in, frame out")
    from reviewer.export import export_text
    from reviewer.team.snapshot import EVERYONE
    from reviewer.team.state import ReviewState

    exports = []
    for fmt in ("csv", "md", "w3c"):
        started = time.perf_counter()
        export_text(ReviewState.read(review, EVERYONE), fmt)
        exports.append(time.perf_counter() - started)
    row("export all claims (csv, md, w3c)", "1,040 claims", exports, "ms", "one run per format")


def bench_textual_floor() -> None:
    """Key to frame on an app that only rewrites one Static: what Textual itself costs."""
    from textual.app import App
    from textual.widgets import Static

    class Counter(App):
        BINDINGS = [("i", "tick", "tick")]
        ticks = 0

        def compose(self):
            yield Static("0", id="n")

        def action_tick(self) -> None:
            self.ticks += 1
            self.query_one("#n", Static).update(str(self.ticks))

    set_earlier_benchmarks_aside()

    async def run() -> list[float]:
        app = Counter()
        clock = FrameClock(app)
        times = []
        async with app.run_test(size=(120, 40)) as pilot:
            for number in range(1, 201):
                times.append(await clock.key_to_frame("i", lambda number=number: app.ticks == number))
                await pilot.pause()
        return times

    row("  floor: Textual key to frame, one-Static app", "-", asyncio.run(run()), "ms", "Textual's own cost")


def set_earlier_benchmarks_aside() -> None:
    """The latency benchmarks run in this process after others that left hundreds of
    thousands of objects behind; the collector walking those would be timed as the app's.
    Put them out of its sight, as the app does with what it loads (reviewer/persistence/collector.py)."""
    gc.collect()
    gc.freeze()


def bench_screening_keypress(review_dir: Path, count: int) -> None:
    from reviewer.review.identity import slug
    from reviewer.tui.app import ReviewerApp
    from reviewer.tui.screening.screen import ScreeningScreen

    review = open_review(review_dir)
    review.records()
    set_earlier_benchmarks_aside()

    async def run() -> list[float]:
        app = ReviewerApp(review, review.open_store(slug("Bench"), "Bench"))
        clock = FrameClock(app)
        times = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("s")
            screening = app.screen.screening
            assert isinstance(app.screen, ScreeningScreen)
            while screening.stopping is None:  # the first ranking (features fitted in the ranking process)
                await asyncio.sleep(0.1)
            for _ in range(200):
                before = screening.current
                times.append(await clock.key_to_frame("i", lambda before=before: screening.current is not before))
                await pilot.pause()  # the next key comes after the frame, as a reader's would
        return times

    row(
        "screening: keypress to next record on screen",
        f"{count:,}",
        asyncio.run(run()),
        "ms",
        "key in, frame out; by relevance, retrained after each",
    )
