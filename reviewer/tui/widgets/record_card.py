"""A record as a reviewer reads it while screening: title, authors, year, journal, keywords,
abstract; inclusion and exclusion keywords highlighted.

The card is drawn line by line from one wrapped text. Showing the next record re-wraps
that text and repaints the card; it never asks the screen for a layout pass. (Four
auto-height Statics in a scroll container made every keypress measure and wrap the
whole card twice: most of a 27 ms keypress at 10,000 records.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reviewer.domain.record import Record
from reviewer.review.config import ReviewConfig
from reviewer.text.display import one_line
from reviewer.text.keywords import keyword_pattern
from reviewer.text.names import cited_authors
from reviewer.tui.widgets.keywords import highlighted
from reviewer.tui.widgets.line_drawn import LineDrawn

AUTHORS_SHOWN = 6


@dataclass(frozen=True)
class Drawn:
    """A card's texts, wrapped to a width as lines of segments."""

    title: Text
    text: Text
    width: int
    lines: list[list[Segment]]


class RecordCard(LineDrawn, ScrollView):
    def __init__(self, config: ReviewConfig, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._include = keyword_pattern(config.include_keywords)
        self._exclude = keyword_pattern(config.exclude_keywords)
        self._drawn = Drawn(Text(), Text(), 0, [])
        self._prepared: dict[str, Drawn] = {}

    @property
    def title_text(self) -> Text:
        return self._drawn.title

    @property
    def wrapped_width(self) -> int:
        """The width the card on show is wrapped to."""
        return self._drawn.width

    @property
    def prepared(self) -> frozenset[str]:
        """The records whose cards are wrapped ahead, ready to show."""
        return frozenset(self._prepared)

    def show(self, record: Record | None, empty: str = "") -> None:
        """Draw `record`, or `empty` when there is none."""
        width = self.scrollable_content_region.width
        if record is None:
            title = Text(empty, style="bold")
            self._drawn = self._wrapped(title, title.copy(), width)
        else:
            prepared = self._prepared.get(record.id)
            self._drawn = prepared if prepared and prepared.width == width else self._draw(record, width)
        self.virtual_size = Size(width, len(self._drawn.lines))
        self.scroll_home(animate=False, immediate=True)
        self.refresh()

    def prepare(self, records: list[Record]) -> None:
        """Wrap these records' cards now, while the reviewer reads, so that showing the one
        that comes next costs no wrapping (2-3 ms of a 15 ms keypress)."""
        width = self.scrollable_content_region.width
        self._prepared = {record.id: self._draw(record, width) for record in records}

    def _draw(self, record: Record, width: int) -> Drawn:
        title = highlighted(record.shown_title, self._include, self._exclude, "bold")
        authors = cited_authors(record.authors, AUTHORS_SHOWN)
        details = [part for part in (authors, str(record.year or ""), record.journal, record.id) if part]
        parts = [title, Text(one_line(" · ".join(details)), style="italic")]
        if record.keywords:
            parts.append(highlighted("Keywords: " + "; ".join(record.keywords), self._include, self._exclude, "dim"))
        if record.abstract:
            parts.append(highlighted(record.abstract, self._include, self._exclude))
        elif record.title:
            parts.append(Text("(no abstract)", style="dim"))
        else:  # nothing to judge it by here: the ranking offers such records once its picks run dry
            parts.append(Text("(no abstract either: look the record up by its id to decide)", style="dim"))
        return self._wrapped(title, Text("\n\n").join(parts), width)

    def _wrapped(self, title: Text, text: Text, width: int) -> Drawn:
        console, lines = self.app.console, []
        for line in text.wrap(console, width) if width > 0 else []:
            line.end = ""
            lines.append(list(line.render(console)))
        return Drawn(title, text, width, lines)

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width > 0 and width != self._drawn.width:
            self._drawn = self._wrapped(self._drawn.title, self._drawn.text, width)
            self.virtual_size = Size(width, len(self._drawn.lines))
            self.refresh()

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        if index >= len(self._drawn.lines):
            return Strip.blank(self.line_width, self.line_base)
        return self.drawn_line(self._drawn.lines[index])
