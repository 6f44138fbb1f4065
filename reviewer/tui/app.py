"""The Textual application: a thin shell over the review and the reviewer's store."""

from __future__ import annotations

import itertools
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.signal import Signal
from textual.worker import Worker

from reviewer.annotating.editor import ClaimEditor
from reviewer.domain.decision import TITLE_ABSTRACT, latest_decisions
from reviewer.formats.fields import UnreadableFile
from reviewer.formats.pdf import cache_in_a_process
from reviewer.persistence.store import ReviewerStore
from reviewer.ranking.live import RankingProcess
from reviewer.review.folder import Review
from reviewer.screening.session import Screening
from reviewer.search.index import SearchIndex, open_index, rebuilt_index
from reviewer.team.snapshot import TeamSnapshot
from reviewer.team.state import ReviewState
from reviewer.text.display import one_line
from reviewer.tui.claims.screen import ClaimsScreen
from reviewer.tui.commands import ReviewerCommands
from reviewer.tui.conflicts.screen import ConflictsScreen
from reviewer.tui.duplicates.screen import DuplicatesScreen
from reviewer.tui.extraction.screen import ExtractionScreen
from reviewer.tui.library.screen import LibraryScreen
from reviewer.tui.prisma.screen import PrismaScreen
from reviewer.tui.reader.screen import ReaderScreen
from reviewer.tui.screening.screen import ScreeningScreen
from reviewer.tui.search.screen import SearchScreen
from reviewer.tui.widgets.failures import report_failed_worker


class ReviewerApp(App):
    CSS_PATH = Path(__file__).parent / "styles.tcss"  # absolute: subclasses live elsewhere
    COMMANDS = App.COMMANDS | {ReviewerCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("slash", "search", "Search"),
        Binding("question_mark", "toggle_keys", "Keys"),
    ]

    def __init__(self, review: Review, store: ReviewerStore, notices: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.review = review
        self.store = store
        self.notices = notices  # said when the app opens (what was mended before it did)
        self.editor = ClaimEditor(store)
        self._screening: Screening | None = None
        self.search_index: SearchIndex | None = None
        # reviewer -> decisions, claims: at the last read of the team's files, and the one before
        self.team_counts: dict[str, tuple[int, int]] | None = None
        self._counts_before: dict[str, tuple[int, int]] | None = None
        self.saved_signal: Signal[None] = Signal(self, "saved")
        # The review's state, computed in a worker; every screen that shows counts, marks or
        # lists redraws from `state_signal`, published each time it is computed again.
        self.state: ReviewState | None = None
        self.state_signal: Signal[ReviewState] = Signal(self, "review-changed")
        self.search_index_signal: Signal[SearchIndex] = Signal(self, "search-index-ready")
        self._state_requests = itertools.count(1)  # the newest state computed is the one kept
        self._newest_request = 0
        self._state_busy = self._state_wanted = self._reread_corpus = False
        self._problems_said: set[str] = set()
        self.suggestions_on = review.config.suggestions  # S in the Reader switches them for the session
        self.ranking_process = RankingProcess()  # trains and ranks in a process of its own, started when first asked
        store.on_saved = self._saved_in_writer_thread
        store.on_error = self._error_in_writer_thread

    def on_mount(self) -> None:
        self.title = f"reviewer — {one_line(self.review.name, 60)}"
        self.sub_title = f"reviewer: {one_line(self.store.reviewer, 40)}" + (
            " · read only" if self.store.read_only else ""
        )
        self.review.records()
        for notice in self.notices:
            self.notify(one_line(notice, 300), title="Before opening", severity="warning", markup=False)
        warnings = self.review.warnings
        if warnings:
            more = f" (and {len(warnings) - 1} more: run reviewer records)" if len(warnings) > 1 else ""
            self.notify(one_line(warnings[0], 200) + more, title="Reading the corpus", severity="warning", markup=False)
        self.push_screen(LibraryScreen())
        self.prepare_search()
        self.review_changed()

    @work(thread=True, exit_on_error=False, exclusive=True, group="search-index")
    def prepare_search(self, damaged: SearchIndex | None = None) -> None:
        """Bring the search index up to date in the background, so / and ctrl+p are ready;
        given the index a query found `damaged`, build it anew."""
        index = rebuilt_index(self.review, damaged) if damaged is not None else open_index(self.review)
        self.call_from_thread(self._search_ready, index)

    def _search_ready(self, index: SearchIndex) -> None:
        self.search_index = index
        self.search_index_signal.publish(index)

    def search_index_damaged(self, damaged: SearchIndex) -> None:
        """A query found the index damaged: it is built again in the background, and said."""
        if self.search_index is damaged:
            self.search_index = None
            self.notify("The search index was damaged: building it again…", severity="warning", markup=False)
            self.prepare_search(damaged)

    def open_reader(self, record_id: str, at: str | None = None) -> None:
        """Read a record's source text, if it has one (with the cursor on claim `at`); a PDF's
        text is extracted (or read from the cache) in a worker, the Reader opening after."""
        record = self.review.record(record_id)
        if record is None:
            return
        path = None if record.text else self.review.full_text_path(record.id)
        if not record.text and path is None:
            self.notify(
                f"This record has no full text yet: A attaches one (a PDF, .txt, .md or .html), or "
                f"reviewer attach FILE --to {record.id}",
                markup=False,
            )
            return
        if path is not None and path.suffix.lower() == ".pdf":
            self.notify("Reading the PDF…", markup=False, timeout=2)
            self._read_full_text(record_id, at)
        else:
            self._open_text(record_id, at)

    @work(thread=True, exit_on_error=False, exclusive=True, group="full-text")
    def _read_full_text(self, record_id: str, at: str | None) -> None:
        path = self.review.full_text_path(record_id)
        try:
            if path is not None:
                cache_in_a_process(path, path.relative_to(self.review.corpus_dir).as_posix())
        except UnreadableFile as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.call_from_thread(self._open_text, record_id, at)

    def _open_text(self, record_id: str, at: str | None) -> None:
        record = self.review.record(record_id)
        try:
            text_record = self.review.full_text_of(record) if record else None
        except UnreadableFile as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if text_record is not None:
            reader = ReaderScreen.for_tags(self.review.config.tags)
            self.push_screen(reader(text_record, self.editor, at=at))

    def switch_to_library(self) -> None:
        while len(self.screen_stack) > 2:  # the default screen, then the Library
            self.pop_screen()

    def action_search(self) -> None:
        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def own_decisions(self) -> dict[str, str]:
        """record -> this reviewer's latest title-abstract decision (for decision: filters)."""
        latest = latest_decisions(self.store.decisions())
        return {record: d.decision for (record, stage), d in latest.items() if stage == TITLE_ABSTRACT}

    def review_changed(self, reread_corpus: bool = False) -> None:
        """Something in the review changed (a decision, a settlement, an import, an attached
        text, `r`, a sync): its state is computed again in the background and published on
        `state_signal`. With `reread_corpus`, the corpus folder is read again first. Changes
        while it is computed are taken by one more computation when it ends (never a pile of
        them: at 100,000 records one takes a second and a half)."""
        self._reread_corpus |= reread_corpus
        if self._state_busy:
            self._state_wanted = True
            return
        self._state_busy, self._state_wanted = True, False
        reread, self._reread_corpus = self._reread_corpus, False
        self._compute_state(reread)

    @work(thread=True, exit_on_error=False, group="state")
    def _compute_state(self, reread_corpus: bool) -> None:
        try:
            if reread_corpus:
                self.review.reload()
            self.read_state()
        finally:
            if self.is_running:
                self.call_from_thread(self._state_computed)

    def _state_computed(self) -> None:
        self._state_busy = False
        if self._state_wanted:
            self.review_changed()

    def read_state(self) -> ReviewState:
        """Every reviewer's file read and the review's state computed (call it from a worker);
        it is published on `state_signal` unless a newer one was asked for meanwhile."""
        request = next(self._state_requests)
        state = ReviewState.of(self.review, self.read_team())
        state.prisma(), state.in_conflict(), state.latest(self.store.slug)  # here, not on the UI thread
        self.call_from_thread(self._publish_state, request, state)
        return state

    def _publish_state(self, request: int, state: ReviewState) -> None:
        if request < self._newest_request:
            return  # a newer state was published already
        self._newest_request = request
        self.state = state
        if self._screening is not None:
            self._screening.update(state)
        self.state_signal.publish(state)

    def read_team(self) -> TeamSnapshot:
        """Every reviewer's file, read once as this reviewer may see it, this reviewer's as
        their store holds it now (call it from a worker); a colleague's file left out is
        named in a notification."""
        team = TeamSnapshot.read(self.review, self.store.slug, own=self.store)
        if team.problems:
            self.call_from_thread(self._say_problems, team.problems)
        self.team_counts, self._counts_before = team.counts(), self.team_counts
        return team

    def _say_problems(self, problems: tuple[str, ...]) -> None:
        """Name each colleague's file left out, once a session: the team is read again after
        every change, and the same damaged file would be said again each time."""
        for problem in problems:
            if problem not in self._problems_said:
                self._problems_said.add(problem)
                self.notify(one_line(problem, 300), severity="warning", markup=False)

    def team_changes(self) -> list[str]:
        """What the last read of the team's files found new since the read before it."""
        if self._counts_before is None or self.team_counts is None:
            return []  # nothing to compare with yet
        changes = []
        for slug, (decisions, claims) in sorted(self.team_counts.items()):
            was = self._counts_before.get(slug, (0, 0))
            new = [
                f"{n} new {what}" for n, what in ((decisions - was[0], "decisions"), (claims - was[1], "claims")) if n
            ]
            if new:
                changes.append(f"{slug}: {', '.join(new)}")
        return changes

    def blind_to_others(self) -> str | None:
        """This reviewer's slug while they may see only their own work, else None."""
        return None if self.review.config.sees_everyone(self.store.slug) else self.store.slug

    def open_record(self, record_id: str) -> None:
        """A record's text in the Reader when it has one, else the record in Screening."""
        record = self.review.record(record_id)
        if record is None:
            return
        if self.review.has_full_text(record):
            self.open_reader(record_id)
            return
        if self.screening_state().show_record(record_id):
            self.open_screening()
            return
        state = self.state  # said, not opened on another record (a trial decided the wrong one)
        why = (
            "was marked by the stopping rule when title-abstract screening ended (E in Screening reopens it)"
            if state is not None and record_id in state.marked_by_rule
            else "is set aside as a duplicate (D shows its group)"
            if state is not None and record_id in state.set_aside
            else "is not screened at this stage"
        )
        self.notify(f"{one_line(record_id)} {why}", markup=False)

    def open_conflicts(self) -> None:
        self.push_screen(ConflictsScreen())

    def open_extraction(self) -> None:
        self.push_screen(ExtractionScreen())

    def open_claims(self) -> None:
        self.push_screen(ClaimsScreen())

    def open_duplicates(self) -> None:
        self.push_screen(DuplicatesScreen())

    def open_prisma(self) -> None:
        self.push_screen(PrismaScreen())

    def screening_state(self) -> Screening:
        """Where this reviewer is in screening (kept while the app runs, told of each new
        state of the review). It starts from the state the worker computed; only a Screening
        asked for in the app's first moment reads the team here, on the UI thread."""
        if self._screening is None:
            if self.state is None:  # asked for in the first moment, before the worker's state is in
                team = TeamSnapshot.read(self.review, self.store.slug, own=self.store)
                self._say_problems(team.problems)  # named, as every read of the team names them
                self.state = ReviewState.of(self.review, team)
            self._screening = Screening(self.state, self.store)
        return self._screening

    def open_screening(self) -> None:
        self.push_screen(ScreeningScreen(self.screening_state()))

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):  # by name: importing it loads Markdown, 80 ms of every start
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    class Saved(Message):
        """The writer thread made changes durable."""

    class SaveFailed(Message):
        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    # The store calls these from its writer thread; post_message is thread-safe.
    def _saved_in_writer_thread(self, count: int) -> None:
        self.post_message(self.Saved())

    def _error_in_writer_thread(self, error: Exception) -> None:
        self.post_message(self.SaveFailed(error))

    def on_reviewer_app_saved(self) -> None:
        self.saved_signal.publish(None)

    def on_reviewer_app_save_failed(self, event: SaveFailed) -> None:
        self.notify(
            f"Could not save ({event.error}); your work is kept in memory and saving is retried",
            severity="error",
            markup=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    def on_unmount(self) -> None:
        self.ranking_process.close()
        self.store.on_saved = self.store.on_error = None
        self.store.close()
        if self.search_index is not None:
            self.search_index.close()
