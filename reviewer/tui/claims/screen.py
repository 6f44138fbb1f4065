"""Claims: every tagged claim of the review in one table; enter opens it in its source."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from reviewer.domain.errors import ReviewerError
from reviewer.export import EXTENSIONS, WRITERS, export_text, export_to_file
from reviewer.review.identity import slug
from reviewer.team.claims import ClaimEntry, collect_claims, filter_claims, group_near_identical
from reviewer.text.display import counted, one_line
from reviewer.tui.widgets.dialogs import PickerDialog, PickerItem, PromptDialog
from reviewer.tui.widgets.key_hints import KeyHints
from reviewer.tui.widgets.screen import ReviewerScreen

SORTS = {
    "record": lambda e: (e.claim.record, e.claim.start),
    "tag": lambda e: (e.claim.tags or ("~",), e.claim.record, e.claim.start),
    "reviewer": lambda e: (e.claim.reviewer.casefold(), e.claim.record, e.claim.start),
    "date": lambda e: e.claim.modified,
}


class ClaimTable(DataTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "Open"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


# Record 28, tags 20, note 24, reviewer 16, same 4, date 10, and two cells of padding per column.
OTHER_COLUMNS = 28 + 20 + 24 + 16 + 4 + 10 + 2 * 7 + 2


class ClaimsScreen(ReviewerScreen):
    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("o", "sort", "Sort"),
        Binding("E", "export", "Export"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.sort = "record"
        self.entries: list[ClaimEntry] = []
        self.blind = self.reviewer_app.review.config.blind  # until the files are read
        self.shown: list[ClaimEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="claims-summary")
        yield ClaimTable(cursor_type="row", zebra_stripes=True, id="claims-table")
        yield KeyHints()

    def on_mount(self) -> None:
        self.sub_title = "Claims"
        table = self.query_one(ClaimTable)
        for label in ("Record", "Tags", "Quote", "Note", "Reviewer", "Same", "Date"):
            table.add_column(label, key=label.lower())
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False, exclusive=True, group="claims")
    def load(self) -> None:
        """Every reviewer's claims, or only yours while the review is blind; the files are read
        off the UI thread."""
        team = self.reviewer_app.read_team()
        entries = collect_claims(self.reviewer_app.review, team)
        self.reviewer_app.call_from_thread(self._loaded, entries, team.blind)

    def _loaded(self, entries: list[ClaimEntry], blind: bool) -> None:
        self.entries, self.blind = entries, blind
        self.fill()

    def fill(self) -> None:
        entries = self.entries
        self.shown = sorted(filter_claims(entries, self.query_text), key=SORTS[self.sort])
        same = group_near_identical(entries)
        table = self.query_one(ClaimTable)
        table.clear()
        # The quote takes the width the other columns leave (the date was cut at 160 columns).
        quote_width = max(30, min(80, table.size.width - OTHER_COLUMNS))
        for entry in self.shown:
            a = entry.claim
            table.add_row(
                Text(one_line(entry.title or a.record, 28)),
                Text(one_line(", ".join(a.tags) or "—", 20)),
                Text(one_line(a.exact, quote_width), style="italic" if a.status == "anchored" else "red"),
                Text(one_line(a.note, 24)),
                Text(one_line(a.reviewer, 16)),
                Text(f"×{same[a.id]}" if same[a.id] > 1 else "", justify="right"),
                Text(a.modified[:10]),
                key=a.id,
            )
        blind = " · blind: only your claims" if self.blind else ""
        filtered = f" · filter: {self.query_text}" if self.query_text else ""
        self.query_one("#claims-summary", Static).update(
            Text(
                one_line(
                    f"{len(self.shown):,} of {counted(len(entries), 'claim')} · sorted by {self.sort}{filtered}{blind}"
                )
            )
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        entry = next(e for e in self.shown if e.claim.id == event.row_key.value)
        self.reviewer_app.open_reader(entry.claim.record, at=entry.claim.id)

    def action_filter(self) -> None:
        def given(query: str | None) -> None:
            if query is not None:
                self.query_text = query.strip()
                self.fill()

        self.reviewer_app.push_screen(
            PromptDialog("Filter claims (words; tag:, reviewer:, record:)", self.query_text, "tag:caveat sham"), given
        )

    def action_sort(self) -> None:
        def chosen(key: str | None) -> None:
            if key:
                self.sort = key
                self.fill()

        self.reviewer_app.push_screen(PickerDialog("Sort by", [PickerItem(k, k) for k in SORTS]), chosen)

    def action_export(self) -> None:
        review = self.reviewer_app.review
        base = review.root if not review.is_sample else Path.cwd()

        def path_given(fmt: str, path: str | None) -> None:
            if not path:
                return
            tags = [t.partition(":")[2] for t in self.query_text.split() if t.startswith("tag:")]
            self.export(fmt, Path(path).expanduser(), tags)

        def format_chosen(fmt: str | None) -> None:
            if fmt:
                default = base / "exports" / f"{slug(review.name, default='review')}-{fmt}{EXTENSIONS[fmt]}"
                default.parent.mkdir(parents=True, exist_ok=True)
                self.reviewer_app.push_screen(
                    PromptDialog(f"Export {fmt} to", str(default)), lambda p: path_given(fmt, p)
                )

        self.reviewer_app.push_screen(PickerDialog("Export as", [PickerItem(f, f) for f in WRITERS]), format_chosen)

    @work(thread=True, exit_on_error=False, exclusive=True, group="export")
    def export(self, fmt: str, path: Path, tags: list[str]) -> None:
        """Every reviewer's file is read and the file written off the UI thread."""
        try:
            export_to_file(path, export_text(self.reviewer_app.read_state(), fmt, tags=tags or None))
        except (ReviewerError, OSError) as error:
            self.reviewer_app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.reviewer_app.call_from_thread(self.notify, f"Wrote {path}", title="Export", markup=False)

    def action_back(self) -> None:
        self.reviewer_app.pop_screen()
