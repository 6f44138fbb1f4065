"""Timing what a user sees: from a key (or the process start) to the frame that shows it.

Pilot waits for the app to go idle in steps of 20 ms, so a Pilot keypress cannot measure
below about 60 ms whatever the app does. Here the key goes in the way a terminal's would
(through the driver) and the clock stops at the first frame the app hands to the
terminal in which the expected change is true. Headless, Textual drops frames before
turning them into terminal bytes; the clock does that step too, so its cost is counted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App


class FrameClock:
    """Notes the time of the first frame drawn once `condition()` holds.

    It wraps the app's private `_display` (the one place every frame passes on its way to the
    terminal) and sends keys through its `_driver`, as a terminal's bytes arrive: Textual has
    no public hook for either, and Pilot's idle waits cannot time below about 60 ms."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._waiting: tuple[Callable[[], bool], asyncio.Future] | None = None
        draw = app._display  # noqa: SLF001 - see the class's docstring

        def display(screen, renderable) -> None:
            draw(screen, renderable)
            if renderable is None or self._waiting is None:
                return
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # the bytes a terminal would get
            condition, drawn = self._waiting
            if not drawn.done() and condition():
                drawn.set_result(time.perf_counter())

        app._display = display  # noqa: SLF001

    async def frame_where(self, condition: Callable[[], bool], timeout: float = 30.0) -> float:
        """perf_counter() at the first frame drawn while `condition()` is true."""
        drawn = asyncio.get_running_loop().create_future()
        self._waiting = (condition, drawn)
        try:
            return await asyncio.wait_for(drawn, timeout)
        finally:
            self._waiting = None

    async def key_to_frame(self, key: str, condition: Callable[[], bool]) -> float:
        """Seconds from the key arriving to the first frame that shows `condition()`."""
        drawn = asyncio.ensure_future(self.frame_where(condition))
        await asyncio.sleep(0)  # the clock is armed before the key goes in
        started = time.perf_counter()
        self.app._driver.send_message(  # noqa: SLF001
            events.Key(key, key if len(key) == 1 else None)
        )
        return await drawn - started
