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


class LibraryScreen(Screen):
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

    def fill(self) -> None:
        """(Re)list the records, keeping the cursor on the same row."""
        review, store = self.app.review, self.app.store
        claims = Counter(annotation.record for annotation in store.annotations())
        table = self.query_one(RecordTable)
        row = table.cursor_row
        table.clear()
        records = review.records()
        for record in records:
            table.add_row(
                Text(one_line(record.title, 90)),
                Text(f"{record.word_count:,}", justify="right"),
                Text(str(claims[record.id]), justify="right"),
                Text(one_line(record.source)),
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
