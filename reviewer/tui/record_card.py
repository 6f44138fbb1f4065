"""A record as a reviewer reads it while screening: title, authors, year, journal, keywords,
abstract; inclusion and exclusion keywords highlighted.

The card is drawn line by line from one wrapped text. Showing the next record re-wraps
that text and repaints the card; it never asks the screen for a layout pass. (Four
auto-height Statics in a scroll container made every keypress measure and wrap the
whole card twice: most of a 27 ms keypress at 10,000 records.)
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reviewer.config import ReviewConfig
from reviewer.display_text import one_line
from reviewer.records import Record
from reviewer.tui.keywords import highlighted, keyword_pattern
from reviewer.tui.line_drawn import LineDrawn

AUTHORS_SHOWN = 6


class RecordCard(LineDrawn, ScrollView):

    def __init__(self, config: ReviewConfig, **kwargs) -> None:
        super().__init__(**kwargs)
        self._include = keyword_pattern(config.include_keywords)
        self._exclude = keyword_pattern(config.exclude_keywords)
        self.title_text = Text()
        self.card_text = Text()
        self._lines: list[list[Segment]] = []
        self._wrapped_width = 0

    def show(self, record: Record | None, empty: str = "") -> None:
        """Draw `record`, or `empty` when there is none."""
        if record is None:
            self.title_text = Text(empty, style="bold")
            self.card_text = self.title_text.copy()
        else:
            self.title_text = highlighted(record.title or "(no title)", self._include, self._exclude, "bold")
            self.card_text = self._card(record)
        self._wrapped_width = 0
        self._rewrap()
        self.scroll_home(animate=False, immediate=True)
        self.refresh()

    def _card(self, record: Record) -> Text:
        authors = ", ".join(record.authors[:AUTHORS_SHOWN]) + (" et al." if len(record.authors) > AUTHORS_SHOWN else "")
        details = [part for part in (authors, str(record.year or ""), record.journal, record.id) if part]
        parts = [self.title_text, Text(one_line(" · ".join(details)), style="italic")]
        if record.keywords:
            parts.append(highlighted("Keywords: " + "; ".join(record.keywords), self._include, self._exclude, "dim"))
        parts.append(
            highlighted(record.abstract, self._include, self._exclude)
            if record.abstract
            else Text("(no abstract)", style="dim")
        )
        return Text("\n\n").join(parts)

    def on_resize(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width:
            return
        self._wrapped_width = width
        console = self.app.console
        self._lines = []
        for line in self.card_text.wrap(console, width):
            line.end = ""
            self._lines.append(list(line.render(console)))
        self.virtual_size = Size(width, len(self._lines))

    def render_line(self, y: int) -> Strip:
        width, base = self.line_width, self.line_base
        index = round(self.scroll_y) + y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        return Strip(Segment.apply_style(self._lines[index], base)).crop_extend(0, width, base)
