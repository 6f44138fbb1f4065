"""The Library: every record of the review, with its size and how many claims it has."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from reviewer.display_text import one_line


class RecordTable(DataTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "Open"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]


FILE_WIDTH = 44
# Room the Words, Claims and File columns take, with cell padding.
OTHER_COLUMNS_WIDTH = 7 + 8 + FILE_WIDTH + 8


class LibraryScreen(Screen):
    BINDINGS = [Binding("s", "screen_records", "Screen")]

    def action_screen_records(self) -> None:
        self.app.open_screening()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="library-summary")
        yield RecordTable(cursor_type="row", zebra_stripes=True, id="records")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.add_column("Title", key="title")
        table.add_column("Words", key="words")
        table.add_column("Claims", key="claims")
        table.add_column("File", key="file")
        self.fill()
        table.focus()

    def on_screen_resume(self) -> None:
        self.fill()

    def on_resize(self) -> None:
        self.fill()

    def fill(self) -> None:
        """(Re)list the records, keeping the cursor on the same row."""
        review, store = self.app.review, self.app.store
        claims = Counter(annotation.record for annotation in store.annotations())
        table = self.query_one(RecordTable)
        row = table.cursor_row
        table.clear()
        records = review.records()
        title_width = max(30, self.size.width - OTHER_COLUMNS_WIDTH)
        for record in records:
            table.add_row(
                Text(one_line(record.title, title_width)),
                Text(f"{record.word_count:,}", justify="right"),
                Text(str(claims[record.id]), justify="right"),
                Text(one_line(record.source, FILE_WIDTH)),
                key=record.id,
            )
        if records:
            table.move_cursor(row=min(row, len(records) - 1))
        total = sum(claims.values())
        where = "bundled sample" if review.is_sample else str(review.root)
        summary = f"{len(records)} records · {total} claims by {store.reviewer} · {where}"
        self.query_one("#library-summary", Static).update(Text(summary))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_reader(event.row_key.value)
