"""The Library: every record of the review and where it stands (your decisions at each stage,
conflicts, full text, claims), sorted (`o`) and filtered (`f`), with the counts on top."""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Header, ProgressBar, Static

from reviewer.domain.decision import EXCLUDE, INCLUDE, MAYBE
from reviewer.importing.files import ImportRefused, import_file
from reviewer.team.overview import FILTERS, SORTS, Status, arrange, review_counts, statuses
from reviewer.team.state import ReviewState
from reviewer.text.display import counted, one_line
from reviewer.tui.library.record_list import RecordList
from reviewer.tui.widgets.attaching import ask_to_attach
from reviewer.tui.widgets.dialogs import PickerDialog, PickerItem, PromptDialog
from reviewer.tui.widgets.history import HistoryDialog
from reviewer.tui.widgets.key_hints import KeyHints
from reviewer.tui.widgets.screen import ReviewerScreen


@dataclass(frozen=True)
class View:
    """What the Library lists: in which order, and which records."""

    sort: str = "file"  # one of SORTS
    shown: str = "all"  # one of FILTERS
    reason: str = ""  # with shown = exclude: only those excluded for it


class LibraryScreen(ReviewerScreen):
    """Every record and where it stands. It draws from the review's state (`app.state`) and
    redraws each time `app.state_signal` says the state was computed again; `view` (a
    reactive) says what to list, and the list follows it."""

    view: reactive[View] = reactive(View, init=False)

    BINDINGS = [
        Binding("s", "screen_records", "Screen"),
        Binding("c", "claims", "Claims"),
        Binding("C", "conflicts", "Conflicts"),
        Binding("X", "extraction", "Extraction"),
        Binding("r", "refresh", "Refresh"),
        Binding("D", "duplicates", "Duplicates"),
        Binding("P", "prisma", "PRISMA"),
        Binding("h", "history", "History"),
        Binding("I", "import_files", "Import"),
        Binding("A", "attach", "Attach"),
        Binding("o", "sort", "Sort"),
        Binding("f", "filter", "Filter"),
    ]

    def action_screen_records(self) -> None:
        self.reviewer_app.open_screening()

    def action_conflicts(self) -> None:
        self.reviewer_app.open_conflicts()

    def action_extraction(self) -> None:
        self.reviewer_app.open_extraction()

    def __init__(self) -> None:
        super().__init__()
        self._last_import = ""  # what the last import from the app read, shown under the summary
        self._refresh_asked = False  # `r` was pressed: say what the new read found
        self._resumed = False
        self._statuses: Mapping[str, Status] = {}
        self._claims: Counter = Counter()
        self._kinds: Mapping[str, str] = {}

    def action_refresh(self) -> None:
        """Read the corpus and every reviewer's file again (after a git pull, say)."""
        self._refresh_asked = True
        self.reviewer_app.review_changed(reread_corpus=True)

    def action_claims(self) -> None:
        self.reviewer_app.open_claims()

    def action_duplicates(self) -> None:
        self.reviewer_app.open_duplicates()

    def action_history(self) -> None:
        records = self.query_one(RecordList)
        if records.cursor is not None and records.records:
            self.reviewer_app.push_screen(HistoryDialog(records.records[records.cursor].id))

    def action_prisma(self) -> None:
        self.reviewer_app.open_prisma()

    def action_attach(self) -> None:
        ask_to_attach(self, self.reviewer_app.review_changed)

    def action_import_files(self) -> None:
        if self.reviewer_app.review.is_sample:
            self.notify("The bundled sample takes no imports: create a review with reviewer init", markup=False)
            return

        def given(paths: str | None) -> None:
            if paths and paths.strip():
                try:
                    files = [Path(p).expanduser() for p in shlex.split(paths)]
                except ValueError as error:
                    self.notify(f"Could not read those paths: {error}", severity="error", markup=False)
                    return
                self.query_one("#import-progress", ProgressBar).display = True
                self.import_files(files)

        self.reviewer_app.push_screen(
            PromptDialog("Import files (paths separated by spaces)", placeholder="~/Downloads/pubmed.nbib"), given
        )

    @work(thread=True, exit_on_error=False, exclusive=True)
    def import_files(self, files: list[Path]) -> None:
        """Parsing a large export takes seconds: off the UI thread, with a progress bar."""
        bar = self.query_one("#import-progress", ProgressBar)
        summary, refused = [], False
        for number, path in enumerate(files):
            self.reviewer_app.call_from_thread(bar.update, total=None)  # indeterminate while one file parses
            self.reviewer_app.call_from_thread(self._say, f"Importing {path.name} ({number + 1} of {len(files)})…")
            try:
                report = import_file(self.reviewer_app.review, path)
                moved = report.set_aside
                aside = f" ({moved} set aside as duplicates: reviewer dedupe, or D)" if moved else ""
                summary.append(
                    f"{path.name}: {report.format}, {counted(report.records, 'record')}, {report.new:,} new{aside}, "
                    f"{counted(len(report.warnings), 'warning')}"
                )
            except ImportRefused as error:
                summary.append(str(error))
                refused = True
            self.reviewer_app.call_from_thread(bar.update, total=len(files), progress=number + 1)
        self.reviewer_app.call_from_thread(self._imported, summary, refused)

    def _imported(self, summary: list[str], refused: bool) -> None:
        self.query_one("#import-progress", ProgressBar).display = False
        self._last_import = "Imported: " + " · ".join(summary)
        self.reviewer_app.review_changed(reread_corpus=True)
        self.notify(
            one_line(" · ".join(summary), 400),
            title="Import",
            severity="error" if refused else "information",
            markup=False,
        )

    def _say(self, message: str) -> None:
        self.query_one("#library-summary", Static).update(Text(message))

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="library-summary")
        yield ProgressBar(id="import-progress", show_eta=False)
        yield Static(id="records-header")
        yield RecordList(id="records")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#import-progress", ProgressBar).display = False
        self.reviewer_app.state_signal.subscribe(self, self._state_changed)
        self._kinds = self.reviewer_app.review.full_text_kinds()
        self.fill()  # the records at once; where they stand once the state is in
        self.query_one(RecordList).focus()
        if self.reviewer_app.state is not None:
            self._take_state(self.reviewer_app.state)

    def _state_changed(self, state: ReviewState) -> None:
        if self._refresh_asked:
            self._refresh_asked = False
            changes = self.reviewer_app.team_changes()
            said = "Read the review folder again" + (": " + "; ".join(changes) if changes else "")
            self.notify(one_line(said, 300), markup=False)
        self._take_state(state)

    @work(thread=True, exit_on_error=False, group="library-state")
    def _take_state(self, state: ReviewState) -> None:
        """Where each record stands, and which have a full text, worked out off the UI thread
        (a third of a second at 100,000 records)."""
        found = statuses(state, self.reviewer_app.store.slug)
        kinds = state.review.full_text_kinds()
        self.reviewer_app.call_from_thread(self._took_state, state, found, kinds)

    def _took_state(self, state: ReviewState, found: Mapping[str, Status], kinds: Mapping[str, str]) -> None:
        if state is not self.reviewer_app.state:
            return  # a newer state came meanwhile: its own worker draws it
        self._statuses, self._kinds = found, kinds
        self.fill()

    def action_sort(self) -> None:
        self.view = replace(self.view, sort=SORTS[(SORTS.index(self.view.sort) + 1) % len(SORTS)])
        self.notify(f"Sorted by {self.view.sort}", markup=False, timeout=2)

    def watch_view(self) -> None:
        self._list()

    def action_filter(self) -> None:
        names = {"all": "all", "undecided": "undecided", INCLUDE: "included", EXCLUDE: "excluded", MAYBE: "maybe"}
        names["stopping rule"] = "marked by the stopping rule"
        state = self.reviewer_app.state
        blind = state is not None and state.blind  # conflicts are the adjudicators' to see: none to list
        choices = [PickerItem(name, names.get(name, name)) for name in FILTERS if not (blind and name == "conflicts")]
        reasons = self.reviewer_app.review.config.exclusion_reasons
        choices += [PickerItem(f"reason:{r}", f"excluded for: {r}") for r in reasons]

        def chosen(key: str | None) -> None:
            if key is None:
                return
            shown, reason = (EXCLUDE, key.removeprefix("reason:")) if key.startswith("reason:") else (key, "")
            self.view = replace(self.view, shown=shown, reason=reason)

        self.reviewer_app.push_screen(PickerDialog("Show", choices), chosen)

    def on_screen_resume(self) -> None:
        """Back from Screening, the Reader or a dialog: decisions, claims and full texts may have
        changed (the first time it shows, the app is computing the state already)."""
        if self._resumed:
            self.reviewer_app.review_changed()
        self._resumed = True

    def on_record_list_resized(self, event: RecordList.Resized) -> None:
        self.query_one("#records-header", Static).update(Text(event.record_list.header(), style="bold"))

    def fill(self) -> None:
        """List the records with where each stands (as the review's state last said), your claims
        and their full texts."""
        self._claims = self.reviewer_app.store.claims_per_record()
        self._list()

    def _list(self) -> None:
        """List the records as sorted and filtered (from what `fill` read), keeping the cursor."""
        records = self.query_one(RecordList)
        review, claims = self.reviewer_app.review, self._claims
        view = self.view
        listed = arrange(review.records(), self._statuses, view.sort, view.shown, view.reason, self._kinds, claims)
        records.set_records(listed, claims, self._kinds, self._statuses)
        self.query_one("#records-header", Static).update(Text(records.header(), style="bold"))
        self._summarise(claims)

    def _summarise(self, claims: Counter) -> None:
        app = self.reviewer_app
        review, store, state = app.review, app.store, app.state
        where = "bundled sample" if review.is_sample else str(review.root)
        everything = review.records()
        count = self.query_one(RecordList).item_count
        listed = (
            f"{count:,} of {counted(len(everything), 'record')}"
            if count != len(everything)
            else counted(count, "record")
        )
        view = self.view
        shown = f"{view.shown}: {view.reason}" if view.reason else view.shown
        lines = [
            one_line(f"{listed} · {counted(sum(claims.values()), 'claim')} by {store.reviewer} · {where}"),
            *(review_counts(state) if state else ["Reading the review…"]),
            f"showing {one_line(shown, 40)} · sorted by {view.sort}",
        ]
        if self._last_import:
            lines.append(one_line(self._last_import))
        self.query_one("#library-summary", Static).update(Text("\n".join(lines)))

    def on_record_list_chosen(self, event: RecordList.Chosen) -> None:
        self.reviewer_app.open_reader(event.record)
