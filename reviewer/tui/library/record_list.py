"""The Library's list of records: a virtual table that draws only the rows on screen.

Textual's DataTable measures every cell of every row, which takes seconds at 10,000
records; this list costs the same however many records there are. It keeps the records
themselves and works out a row's cells (its word count too) only when the row is drawn,
so listing 100,000 records costs nothing up front.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from reviewer.domain.decision import EXCLUDE, INCLUDE, MAYBE, UNDECIDED
from reviewer.domain.record import Record
from reviewer.team.overview import Status
from reviewer.text.display import one_line
from reviewer.text.names import cited
from reviewer.tui.widgets.cursor_list import CursorList

NO_STATUS = Status()
CURSOR = Style(reverse=True, bold=True)
CURSOR_UNFOCUSED = Style(underline=True)
ZEBRA = Style(dim=True)
NUMBER_WIDTH = 6
FILE_WIDTH = 24
KIND_WIDTH = 4
YEAR_WIDTH = 4
AUTHOR_WIDTH = 16
MARK_WIDTH = 3
# One character per decision; a conflict adds "!", a duplicate set aside shows "≡".
SHORT_MARKS = {INCLUDE: "✔", EXCLUDE: "✘", MAYBE: "?", UNDECIDED: "·"}


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` as one displayable line of exactly `width` cells (cut with "…" when too long)."""
    text = one_line(text[: width * 4 + 16])  # enough to fill the cells; a huge title is not flattened whole
    cells = cell_len(text)
    if cells > width:
        text, cells = set_cell_size(text, width - 1) + "…", width
    padding = " " * (width - cells)
    return padding + text if right else text + padding


class RecordList(CursorList):
    """Every record listed, one row each, with where it stands (see the module's docstring).

    | Key(s) | Description |
    | :- | :- |
    | space | Page down (and CursorList's: up/down, j/k, g/G, enter chooses). |

    Messages: `RecordList.Chosen` when a record is chosen; `RecordList.Resized` when its width changes.
    """

    BINDINGS = [Binding("space", "page(1)", "Page down", show=False)]
    COLUMNS = ("Title", "Year", "First author", "TA", "FT", "Text", "Claims", "File")

    class Chosen(Message):
        """A record was chosen (enter): `record` is its id."""

        def __init__(self, record_list: RecordList, record: str) -> None:
            super().__init__()
            self.record_list = record_list
            self.record = record

        @property
        def control(self) -> RecordList:
            return self.record_list

    class Resized(Message):
        """The list's width changed (the window, or the key help opening beside it): the
        column header above it is drawn again to line up with its rows."""

        def __init__(self, record_list: RecordList) -> None:
            super().__init__()
            self.record_list = record_list

        @property
        def control(self) -> RecordList:
            return self.record_list

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.records: list[Record] = []
        self.claim_counts: Mapping[str, int] = {}
        self.text_kinds: Mapping[str, str] = {}  # record -> pdf, txt, md, html: its full text
        self.statuses: Mapping[str, Status] = {}  # record -> where it stands (undecided when absent)

    def on_resize(self) -> None:
        self.post_message(self.Resized(self))

    @property
    def item_count(self) -> int:
        return len(self.records)

    @property
    def title_width(self) -> int:
        fixed = YEAR_WIDTH + AUTHOR_WIDTH + 2 * MARK_WIDTH + KIND_WIDTH + NUMBER_WIDTH + FILE_WIDTH + 7
        return max(20, self.scrollable_content_region.width - fixed)

    def header(self) -> str:
        widths = [
            self.title_width,
            YEAR_WIDTH,
            AUTHOR_WIDTH,
            MARK_WIDTH,
            MARK_WIDTH,
            KIND_WIDTH,
            NUMBER_WIDTH,
            FILE_WIDTH,
        ]
        rights = [False, False, False, False, False, False, True, False]
        return " ".join(
            fit(name, width, right) for name, width, right in zip(self.COLUMNS, widths, rights, strict=True)
        )

    def set_records(
        self,
        records: list[Record],
        claim_counts: Mapping[str, int],
        text_kinds: Mapping[str, str],
        statuses: Mapping[str, Status],
    ) -> None:
        self.records = records
        self.claim_counts = claim_counts
        self.text_kinds = text_kinds
        self.statuses = statuses
        if self.cursor is None and records:
            self.cursor = 0
        self.items_changed()

    def cells(self, index: int) -> list[tuple[str, int, bool]]:
        """(text, width, right-aligned) for each column of row `index`."""
        record = self.records[index]
        status = self.statuses.get(record.id) or NO_STATUS
        title_abstract = "≡" if status.set_aside else "⊘" if status.by_rule else SHORT_MARKS[status.title_abstract]
        conflict = "!" if status.conflict else ""
        return [
            (record.shown_title, self.title_width, False),
            (str(record.year or ""), YEAR_WIDTH, False),
            (cited(record.authors[0]) if record.authors else "", AUTHOR_WIDTH, False),
            (title_abstract + conflict, MARK_WIDTH, False),
            (SHORT_MARKS[status.full_text], MARK_WIDTH, False),
            (self.text_kinds.get(record.id, "—"), KIND_WIDTH, False),
            (str(self.claim_counts.get(record.id, 0)), NUMBER_WIDTH, True),
            (record.source, FILE_WIDTH, False),
        ]

    def row_text(self, index: int) -> list[str]:
        """The cells of row `index` as drawn (for tests and screen readers)."""
        return [fit(text, width, right).strip() for text, width, right in self.cells(index)]

    def render_line(self, y: int) -> Strip:
        width, base = self.line_width, self.line_base
        index, _ = self.item_at(y)
        if index >= len(self.records):
            return Strip.blank(width, base)
        if index == self.cursor:
            style = base + (CURSOR if self.has_focus else CURSOR_UNFOCUSED)
        else:
            style = base + ZEBRA if index % 2 else base
        cells = self.cells(index)
        text = " ".join(fit(cell, cell_width, right) for cell, cell_width, right in cells)
        cell_length = sum(cell_width for _, cell_width, _ in cells) + len(cells) - 1
        return Strip([Segment(text, style)], cell_length).crop_extend(0, width, base)

    def choose(self, index: int) -> None:
        self.post_message(self.Chosen(self, self.records[index].id))
