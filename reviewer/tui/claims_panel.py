"""The Reader's side panel: the claims on this text, three lines each, drawn only when on screen.

An OptionList measured every claim's prompt whenever the list changed: tagging a span
in a text with 1,000 claims took 0.4 s. Here a claim is described only when its lines
are drawn, so a change costs the same with ten claims or a thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reviewer.model import Annotation
from reviewer.tui.line_drawn import LineDrawn

LINES_PER_CLAIM = 3
HIGHLIGHTED = Style(reverse=True)
HIGHLIGHTED_UNFOCUSED = Style(bold=True, underline=True)


class ClaimsPanel(LineDrawn, ScrollView, can_focus=True):
    BINDINGS = [
        Binding("enter", "choose", "Go to claim"),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home,g", "move(-1_000_000_000)", "First", show=False),
        Binding("end,G", "move(1_000_000_000)", "Last", show=False),
    ]

    highlighted: reactive[int | None] = reactive(None)

    class Chosen(Message):
        def __init__(self, annotation: Annotation) -> None:
            super().__init__()
            self.annotation = annotation

    def __init__(self, describe: Callable[[Annotation], list[Text]], **kwargs) -> None:
        """`describe` gives a claim's lines (up to three), asked for only when drawn."""
        super().__init__(**kwargs)
        self._describe = describe
        self.claims: Sequence[Annotation] = []
        self._index: dict[str, int] = {}

    @property
    def count(self) -> int:
        return len(self.claims)

    def set_claims(self, claims: Sequence[Annotation]) -> None:
        self.claims = claims
        self._index = {claim.id: number for number, claim in enumerate(claims)}
        self.virtual_size = Size(self.scrollable_content_region.width, len(claims) * LINES_PER_CLAIM)
        if self.highlighted is not None and self.highlighted >= len(claims):
            self.highlighted = len(claims) - 1 if claims else None
        self.refresh()

    def highlight_claim(self, claim_id: str) -> None:
        self.highlighted = self._index.get(claim_id, self.highlighted)

    def watch_highlighted(self, highlighted: int | None) -> None:
        if highlighted is not None:
            top = highlighted * LINES_PER_CLAIM
            self.scroll_to_region(Region(0, top, 1, LINES_PER_CLAIM), animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.claims) * LINES_PER_CLAIM)

    def render_line(self, y: int) -> Strip:
        width, base = self.line_width, self.line_base
        number, part = divmod(round(self.scroll_y) + y, LINES_PER_CLAIM)
        if number >= len(self.claims):
            return Strip.blank(width, base)
        lines = self._describe(self.claims[number])
        text = lines[part] if part < len(lines) else Text()
        style = base
        if number == self.highlighted:
            style = base + (HIGHLIGHTED if self.has_focus else HIGHLIGHTED_UNFOCUSED)
        segments = Segment.apply_style(text.render(self.app.console, end=""), style)
        return Strip(segments).crop_extend(0, width, style)

    def action_move(self, step: int) -> None:
        if self.claims:
            current = self.highlighted if self.highlighted is not None else -1 if step > 0 else len(self.claims)
            self.highlighted = max(0, min(current + step, len(self.claims) - 1))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.size.height // LINES_PER_CLAIM))

    def action_choose(self) -> None:
        if self.claims and self.highlighted is not None:
            self.post_message(self.Chosen(self.claims[self.highlighted]))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
