"""A read-only view of a source text with a cursor, a selection and coloured highlights.

Text is drawn from Rich `Segment`s built from the displayable form of the source (see
`display_text`), so nothing in a source is ever read as markup or reaches the terminal as
an escape sequence. Offsets everywhere are character offsets into the source text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.actions import SkipAction
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reviewer.text import navigation as textnav
from reviewer.text.display import displayable
from reviewer.tui.reader.wrap import line_of, offset_at_column, wrap
from reviewer.tui.widgets.colours import SELECTION, text_on
from reviewer.tui.widgets.line_drawn import LineDrawn


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    colour: str  # "#rrggbb"


@dataclass(frozen=True)
class Formatting:
    """How a span of the source reads (a Markdown heading bold, its syntax dimmed), under the highlights."""

    start: int
    end: int
    style: Style


class SourceView(LineDrawn, ScrollView, can_focus=True):
    """A source text, read with the keyboard: cursor motions by character, word, line and
    sentence; `v` starts a selection, `s` selects the sentence.

    | Key(s) | Description |
    | :- | :- |
    | left/right/up/down, h/l/k/j | Move by character or line (shift extends the selection). |
    | w, b, e | Next word, previous word, word end. |
    | ( ) | Previous and next sentence. |
    | home/0, end/$ | Line start and end. |
    | pageup, pagedown/space, g, G | By page; top and bottom. |
    | v, s, escape | Start or stop a selection; select the sentence; clear the selection. |

    Messages: `SourceView.CursorMoved` whenever the cursor or the selection changes.
    """

    BINDINGS = [
        Binding("left,h", "move('char', -1)", "Left", show=False),
        Binding("right,l", "move('char', 1)", "Right", show=False),
        Binding("up,k", "move('line', -1)", "Up", show=False),
        Binding("down,j", "move('line', 1)", "Down", show=False),
        Binding("w,ctrl+right", "move('word', 1)", "Next word", show=False),
        Binding("b,ctrl+left", "move('word', -1)", "Previous word", show=False),
        Binding("e", "move('word_end', 1)", "Word end", show=False),
        Binding("right_parenthesis", "move('sentence', 1)", "Next sentence", show=False),
        Binding("left_parenthesis", "move('sentence', -1)", "Previous sentence", show=False),
        Binding("home,0", "move('line_edge', -1)", "Line start", show=False),
        Binding("end,dollar_sign", "move('line_edge', 1)", "Line end", show=False),
        Binding("pageup", "move('page', -1)", "Page up", show=False),
        Binding("pagedown,space", "move('page', 1)", "Page down", show=False),
        Binding("g", "move('document', -1)", "Top", show=False),
        Binding("G", "move('document', 1)", "Bottom", show=False),
        Binding("shift+left", "extend('char', -1)", "Extend left", show=False),
        Binding("shift+right", "extend('char', 1)", "Extend right", show=False),
        Binding("shift+up", "extend('line', -1)", "Extend up", show=False),
        Binding("shift+down", "extend('line', 1)", "Extend down", show=False),
        Binding("v", "toggle_selection", "Select", tooltip="Start or stop a selection"),
        Binding("s", "select_sentence", "Sentence", tooltip="Select the sentence at the cursor"),
        Binding("escape", "clear_selection", "Clear selection", show=False),
    ]

    class CursorMoved(Message):
        """The cursor or the selection changed."""

        def __init__(self, source_view: SourceView) -> None:
            super().__init__()
            self.source_view = source_view

        @property
        def control(self) -> SourceView:
            return self.source_view

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._highlights: list[Highlight] = []
        self._formatting: list[Formatting] = []
        self._formatting_starts: list[int] = []
        self._longest_formatting = 0
        self._highlight_starts: list[int] = []
        self._longest_highlight = 0
        self._painted_marks: tuple[int, tuple[int, int] | None, int] | None = None
        self._lines: list[tuple[int, int]] = []
        self._line_starts: list[int] = []
        self._wrapped_width = 0
        self.cursor = 0
        self.selection_anchor: int | None = None
        self._column = 0  # the screen column up/down motions aim for
        self.set_text(text)

    # The model ---------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        self.text = text
        self._shown = displayable(text)
        self._wrapped_width = 0
        self.cursor = min(self.cursor, self._last_offset)
        self._rewrap()

    @property
    def highlights(self) -> tuple[Highlight, ...]:
        return tuple(self._highlights)

    def set_highlights(self, highlights: list[Highlight]) -> None:
        changed = set(self._highlights).symmetric_difference(highlights)
        self._highlights = sorted(highlights, key=lambda h: (h.start, -h.end))
        self._highlight_starts = [h.start for h in self._highlights]
        self._longest_highlight = max((h.end - h.start for h in highlights), default=0)
        if changed:
            self._repaint_offsets(min(h.start for h in changed), max(h.end for h in changed))

    def set_formatting(self, formatting: list[Formatting]) -> None:
        self._formatting = sorted(formatting, key=lambda f: (f.start, -f.end))
        self._formatting_starts = [f.start for f in self._formatting]
        self._longest_formatting = max((f.end - f.start for f in formatting), default=0)
        self.refresh()

    def _formatting_within(self, start: int, end: int) -> list[Formatting]:
        first = bisect.bisect_left(self._formatting_starts, start - self._longest_formatting)
        last = bisect.bisect_left(self._formatting_starts, end)
        return [f for f in self._formatting[first:last] if f.end > start]

    def _highlights_within(self, start: int, end: int) -> list[Highlight]:
        """The highlights that touch start..end, found by bisection: a line looks at the
        highlights that could reach it, not at every highlight of the text."""
        first = bisect.bisect_left(self._highlight_starts, start - self._longest_highlight)
        last = bisect.bisect_left(self._highlight_starts, end)
        return [h for h in self._highlights[first:last] if h.end > start]

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span (start, end), end exclusive; None when nothing is selected."""
        if self.selection_anchor is None:
            return None
        low, high = sorted((self.selection_anchor, self.cursor))
        end = min(high + 1, len(self.text))
        while end - 1 > low and self.text[end - 1].isspace():  # trailing white space is never claimed
            end -= 1
        return low, end

    def select(self, start: int, end: int) -> None:
        """Select `start`..`end` (end exclusive), with the cursor on the last character."""
        self.selection_anchor = start
        self._place_cursor(max(start, end - 1))

    def find_next(self, query: str) -> bool:
        """To the next occurrence of `query` after the cursor (ignoring case), wrapping around;
        False when there is none."""
        text, needle = self.text.casefold(), query.casefold()
        if len(text) != len(self.text):  # casefold changed lengths (ß): search as is
            text, needle = self.text, query
        position = text.find(needle, self.cursor + 1)
        if position == -1:
            position = text.find(needle)
        if position != -1:
            self.move_cursor(position)
        return position != -1

    def move_cursor(self, pos: int, keep_selection: bool = False) -> None:
        if not keep_selection:
            self.selection_anchor = None
        self._place_cursor(pos)

    @property
    def _last_offset(self) -> int:
        return max(0, len(self.text) - 1)

    def _place_cursor(self, pos: int, keep_column: bool = False) -> None:
        self.cursor = max(0, min(pos, self._last_offset))
        if not keep_column:
            line = self._lines[self._line_index(self.cursor)]
            self._column = self._cells(line[0], self.cursor)
        self._scroll_to_cursor()
        self._repaint_marks()
        self.post_message(self.CursorMoved(self))

    # Motions -----------------------------------------------------------------------------

    def action_move(self, unit: str, direction: int) -> None:
        self._motion(unit, direction)

    def action_extend(self, unit: str, direction: int) -> None:
        if self.selection_anchor is None:
            self.selection_anchor = self.cursor
        self._motion(unit, direction, keep_selection=True)

    def _motion(self, unit: str, direction: int, keep_selection: bool | None = None) -> None:
        keep = self.selection_anchor is not None if keep_selection is None else keep_selection
        if not keep:
            self.selection_anchor = None
        if unit in ("line", "page"):
            step = direction * (max(1, self.size.height - 1) if unit == "page" else 1)
            target_line = self._line_index(self.cursor) + step
            target_line = max(0, min(target_line, len(self._lines) - 1))
            self._place_cursor(
                offset_at_column(self._shown, self._lines[target_line], self._column),
                keep_column=True,
            )
            return
        self._place_cursor(self._target(unit, direction))

    def _target(self, unit: str, direction: int) -> int:
        pos, text = self.cursor, self.text
        if unit == "char":
            return pos + direction
        if unit == "word":
            return textnav.next_word(text, pos) if direction > 0 else textnav.previous_word(text, pos)
        if unit == "word_end":
            return textnav.word_end(text, pos)
        if unit == "sentence":
            if direction > 0 and self.selection_anchor is not None:  # selecting: up to its full stop
                return textnav.sentence_end(text, pos)
            if direction > 0:
                return textnav.next_sentence(text, pos)
            return textnav.previous_sentence(text, pos)
        if unit == "line_edge":
            start, end = self._lines[self._line_index(pos)]
            if direction < 0:
                return start
            last = end - 1
            return last - 1 if text[last : last + 1] == "\n" and last > start else max(start, last)
        if unit == "document":
            return 0 if direction < 0 else self._last_offset
        raise ValueError(f"unknown motion unit {unit!r}")

    def action_toggle_selection(self) -> None:
        self.selection_anchor = None if self.selection_anchor is not None else self.cursor
        self._repaint_marks()
        self.post_message(self.CursorMoved(self))

    def action_select_sentence(self) -> None:
        sentence = textnav.sentence_at(self.text, self.cursor)
        if sentence is not None:
            self.select(*sentence)

    def action_clear_selection(self) -> None:
        if self.selection_anchor is None:
            raise SkipAction()  # let escape go back a screen
        self.selection_anchor = None
        self._repaint_marks()
        self.post_message(self.CursorMoved(self))

    # Layout and drawing ------------------------------------------------------------------

    def on_resize(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width:
            if not self._lines:
                self._lines, self._line_starts = [(0, len(self.text))], [0]
            return
        self._wrapped_width = width
        self._lines = wrap(self.text, self._shown, width)
        self._line_starts = [start for start, _ in self._lines]
        self.virtual_size = Size(width, len(self._lines))
        self._scroll_to_cursor()
        self.refresh()

    def _repaint_marks(self) -> None:
        """Repaint the lines where the cursor and selection were and now are.

        Every line Textual repaints costs about 0.3 ms with the layers under it, so a
        cursor step repaints its line or two, not the whole view (unless it scrolled).
        """
        marks = (self.cursor, self.selection, round(self.scroll_y))
        before, self._painted_marks = self._painted_marks, marks
        if before is None or before[2] != marks[2]:
            self.refresh()
            return
        offsets = [before[0], marks[0], *(before[1] or ()), *(marks[1] or ())]
        self._repaint_offsets(min(offsets), max(offsets))

    def _repaint_offsets(self, start: int, end: int) -> None:
        """Repaint the screen lines that show the text from `start` to `end`."""
        first, last = self._line_index(start), self._line_index(end)
        self.refresh_lines(first, last - first + 1)

    def _line_index(self, pos: int) -> int:
        return line_of(self._lines, self._line_starts, pos)

    def _cells(self, start: int, end: int) -> int:
        return cell_len(self._shown[start:end])

    def _scroll_to_cursor(self) -> None:
        if not self._lines or self.size.height == 0:
            return
        y = self._line_index(self.cursor)
        top = round(self.scroll_y)
        if y < top:
            self.scroll_to(y=y, animate=False, immediate=True)
        elif y >= top + self.size.height:
            self.scroll_to(y=y - self.size.height + 1, animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width, base = self.line_width, self.line_base
        if index >= len(self._lines):
            return Strip.blank(width, base)
        start, end = self._lines[index]
        strip = Strip(self._segments(start, end, base))
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_offsets(scroll_x, index)

    def _segments(self, start: int, end: int, base: Style) -> list[Segment]:
        """The line start..end cut into runs of one style each."""
        selection = self.selection
        edges = {start, end, self.cursor, self.cursor + 1}
        covering = self._highlights_within(start, end)
        formatting = self._formatting_within(start, end)
        edges.update(edge for h in covering for edge in (h.start, h.end))
        edges.update(edge for f in formatting for edge in (f.start, f.end))
        if selection:
            edges.update(selection)
        cuts = sorted(edge for edge in edges if start <= edge <= end)
        segments = []
        for low, high in itertools.pairwise(cuts):
            style = base
            for span in formatting:
                if span.start <= low < span.end:
                    style += span.style
            style += _highlight_style(tuple(h for h in covering if h.start <= low < h.end))
            if selection and selection[0] <= low < selection[1]:
                style += SELECTION
            if low == self.cursor and self.has_focus:
                style += Style(reverse=True, bold=True)
            segments.append(Segment(self._shown[low:high], style))
        return segments

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


def _highlight_style(highlights: tuple[Highlight, ...]) -> Style:
    """The innermost highlight's colour; overlaps are underlined so both stay visible."""
    if not highlights:
        return Style()
    innermost = min(highlights, key=lambda h: h.end - h.start)
    return _coloured(innermost.colour, len(highlights) > 1)


@functools.lru_cache(maxsize=256)
def _coloured(colour: str, overlapped: bool) -> Style:
    return Style(bgcolor=colour, color=text_on(colour), underline=overlapped)
