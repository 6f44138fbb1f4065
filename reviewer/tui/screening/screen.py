"""Screening: one record at a time, one key per decision, the next undecided at once."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header

from reviewer.domain.decision import EXCLUDE, FULL_TEXT, INCLUDE, MAYBE, TITLE_ABSTRACT, UNDECIDED, Choice, Stage
from reviewer.ranking.live import Ranking, RankingJob, RankingStopped
from reviewer.screening.session import FILTERS, ORDERS, Screening
from reviewer.text.display import one_line, p_text
from reviewer.tui.screening.ending import end_or_reopen
from reviewer.tui.widgets.attaching import ask_to_attach
from reviewer.tui.widgets.decision_marks import MARK_STYLES, MARKS, STAGE_NAMES
from reviewer.tui.widgets.dialogs import PickerDialog, PickerItem, PromptDialog
from reviewer.tui.widgets.history import HistoryDialog
from reviewer.tui.widgets.key_hints import KeyHints
from reviewer.tui.widgets.reasons import ask_exclusion_reason
from reviewer.tui.widgets.record_card import RecordCard
from reviewer.tui.widgets.screen import ReviewerScreen
from reviewer.tui.widgets.text_lines import TextLines

ORDER_NAMES = {
    "relevance": "by relevance: the likely included first, learnt from your decisions",
    "file": "file order",
    "year": "by year",
    "random": "randomised (seeded)",
    "keywords": "most inclusion keywords first",
}


class ScreeningScreen(ReviewerScreen):
    BINDINGS = [
        Binding("i", "decide('include')", "Include"),
        Binding("e", "exclude", "Exclude"),
        Binding("m", "decide('maybe')", "Maybe"),
        Binding("u", "undo", "Undo"),
        Binding("j,down", "move(1)", "Next", show=False),
        Binding("k,up", "move(-1)", "Previous", show=False),
        Binding("g,home", "move(-1_000_000_000)", "First", show=False),
        Binding("G,end", "move(1_000_000_000)", "Last", show=False),
        Binding("a", "note", "Note"),
        Binding("h", "history", "History"),
        Binding("f", "filter", "Filter"),
        Binding("o", "order", "Order"),
        Binding("s", "switch_stage", "Stage"),
        Binding("r,enter", "read", "Read text"),
        Binding("A", "attach", "Attach"),
        Binding("E", "end_stage", "End stage", tooltip="End title-abstract screening on the stopping aid's word"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, screening: Screening) -> None:
        super().__init__()
        self.screening = screening
        self._ranking_busy = False
        self._ranking_wanted = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextLines(id="screening-progress")
        yield RecordCard(self.screening.review.config, id="record-card")
        yield TextLines(id="record-decision")
        yield KeyHints()

    def on_mount(self) -> None:
        self.sub_title = "Screening"
        self.reviewer_app.state_signal.subscribe(self, self._state_changed)
        self.show()
        self.request_ranking()

    def _state_changed(self, state: object) -> None:
        """The app told the session of the review's new state: draw it, and rank its records."""
        self.show()
        self.request_ranking()

    # Ranking in the background -------------------------------------------------------------

    def request_ranking(self) -> None:
        """Retrain on this reviewer's decisions and rank again, off the UI thread; decisions
        made while it runs are taken by one more run when it ends (never a queue of them)."""
        if self._ranking_busy:
            self._ranking_wanted = True
            return
        self._ranking_busy, self._ranking_wanted = True, False
        self._run_ranking(self.screening.ranking_job())

    @work(thread=True, exit_on_error=False, group="ranking", name="ranking")
    def _run_ranking(self, job: RankingJob) -> None:
        ranking = None
        try:
            ranking = self.reviewer_app.ranking_process.rank(job)
        except RankingStopped:
            return  # the app is closing: nothing to show
        finally:
            if self.reviewer_app.is_running:
                self.reviewer_app.call_from_thread(self._ranking_done, ranking)

    def _ranking_done(self, ranking: Ranking | None) -> None:
        self._ranking_busy = False
        before = self.screening.order
        if ranking is not None and self.screening.apply_ranking(ranking):
            if self.screening.order != before:  # the first ranking, once you have included and excluded
                self.notify(f"Now {ORDER_NAMES[self.screening.order]} (o: another order)", title="Order", markup=False)
            self.show()
        if self._ranking_wanted:
            self.request_ranking()

    def action_end_stage(self) -> None:
        end_or_reopen(self)

    # Drawing ---------------------------------------------------------------------------------

    def show(self) -> None:
        """Draw the progress and the current record (only text updates: no widgets are made)."""
        screening = self.screening
        progress = screening.progress()
        line = Text(f"{STAGE_NAMES[screening.stage]} · {progress.screened:,} of {progress.total:,} screened")
        for decision in (INCLUDE, EXCLUDE, MAYBE):
            line.append(" · ")
            line.append(f"{MARKS[decision]} {progress.by_decision[decision]:,}", style=MARK_STYLES[decision])
        shown = f"{screening.filter}" + (f": {screening.reason_filter}" if screening.reason_filter else "")
        position = f"{screening.position + 1:,}/{len(screening.records):,}" if screening.records else "0/0"
        line.append(f" · showing {shown} ({position}) · order: {screening.order}", style="dim")
        progress_lines = self.query_one("#screening-progress", TextLines)
        bar = self._bar(progress.screened, progress.total, progress_lines.size.width)
        progress_lines.show(line, bar, self._stopping_line())
        self._show_record()

    def _stopping_line(self) -> Text:
        """What the stopping aid tests, at what confidence, its statistic, and what to do next
        (the next step first: the line is cut at the screen's width)."""
        screening, state = self.screening, self.reviewer_app.state
        estimate = screening.stopping
        line = Text("Stopping aid: ", style="dim")
        ended = state.stage_end if state is not None and screening.stage == TITLE_ABSTRACT else None
        if ended is not None:
            marked = len(state.marked_by_rule) if state is not None else 0
            return line.append(
                f"the stage was ended on its word: {marked:,} records marked by the stopping rule · E reopens"
            )
        if estimate is None or estimate.screened == 0:
            return line.append("starts with your first decisions at this stage", style="dim")
        target = f"recall ≥ {estimate.target:.0%}"
        if not screening.stopping_holds:
            step = "random" if estimate.target_reached else "relevance or random"
            return line.append(f"{target}: order by {step} (o cycles the orders) for the test to hold", style="dim")
        sample = estimate.sample
        if estimate.screened >= estimate.total:
            return line.append(f"every record screened: {target} holds, nothing is left to stop early")
        if estimate.safe_to_stop:
            drawn = f"random sample of {sample.drawn:,}, " if sample is not None else ""
            line.append(f"{target} reached with {estimate.confidence:.0%} confidence", style="bold green")
            return line.append(f" ({drawn}p {p_text(estimate.statistic)}) · E ends the stage", style="dim")
        if sample is not None:
            line.append(f"draw {estimate.sample_needed:,} more in this random order", style="bold yellow")
            found = f"{sample.found:,} included" if sample.found else "none included"
            return line.append(f" to confirm {target} · sample of {sample.drawn:,} so far, {found}", style="dim")
        if estimate.target_reached:
            line.append(
                f"to confirm {target}: decide {estimate.sample_needed:,} records in random order (o cycles to it)",
                style="bold yellow",
            )
            return line.append(f" · ranking's test passed (BUSCAR p {p_text(estimate.p_value)})", style="dim")
        line.append(f"{screening.since_last_include():,} since the last include · {target} not yet shown")
        return line.append(
            f" (BUSCAR's test of the ranking at {estimate.confidence:.0%}: p {p_text(estimate.p_value)})", style="dim"
        )

    @staticmethod
    def _bar(done: int, total: int, width: int) -> Text:
        """The share screened as a bar of `width` cells."""
        share = done / total if total else 0.0
        cells = max(10, width - 6)
        filled = round(cells * share)
        bar = Text("━" * filled, style="bold green")
        bar.append("━" * (cells - filled), style="dim")
        bar.append(f" {share:4.0%}")
        return bar

    def on_resize(self) -> None:
        self.show()

    def _show_record(self) -> None:
        record = self.screening.current
        self.query_one(RecordCard).show(record, "No records to show here: change the filter (f) or the stage (s).")
        lines = self._decision_lines(record.id) if record else ()
        self.query_one("#record-decision", TextLines).show(*lines)
        self.call_after_refresh(self._prepare_upcoming)

    def _prepare_upcoming(self) -> None:
        self.query_one(RecordCard).prepare(self.screening.upcoming())

    def _decision_lines(self, record_id: str) -> tuple[Text, Text]:
        """Yours (with reason and note); then the others' and where the record stands."""
        screening = self.screening
        mine = screening.decision(record_id)
        state = mine.decision if mine else UNDECIDED
        yours = Text("You: ")
        yours.append(MARKS[state], style=MARK_STYLES[state])
        if mine and mine.reason:
            yours.append(f" — {one_line(mine.reason)}")
        if mine and mine.note:
            yours.append(f" · note: {one_line(mine.note, 80)}", style="dim")
        context = []
        for other in screening.others(record_id):
            said = Text(f"{one_line(other.reviewer, 30)}: ")
            said.append(MARKS[other.decision], style=MARK_STYLES[other.decision])
            context.append(said)
        if screening.stage == FULL_TEXT:
            ta = screening.decision(record_id, TITLE_ABSTRACT)
            context.append(Text(f"at title/abstract: {ta.decision if ta else UNDECIDED}", style="dim"))
        current = screening.current
        if current is not None and self.reviewer_app.review.has_full_text(current):
            context.append(Text("full text: r to read", style="dim"))
        return yours, Text(" · ").join(context)

    # Deciding --------------------------------------------------------------------------------

    def action_decide(self, decision: Choice, reason: str = "") -> None:
        if self.screening.current is None:
            return
        self.screening.decide(decision, reason)
        self.show()
        self.call_after_refresh(self.request_ranking)  # the next record is painted first; the job is copied after

    def action_exclude(self) -> None:
        if self.screening.current is not None:
            ask_exclusion_reason(self, lambda reason: self.action_decide(EXCLUDE, reason))

    def action_undo(self) -> None:
        if self.screening.undo() is None:
            self.notify("Nothing to undo", markup=False)
        self.show()
        self.call_after_refresh(self.request_ranking)

    def action_note(self) -> None:
        if self.screening.current is None:
            return
        existing = self.screening.decision(self.screening.current.id)

        def noted(note: str | None) -> None:
            if note is not None:
                self.screening.set_note(note)
                self.show()

        self.reviewer_app.push_screen(PromptDialog("Note on this record", existing.note if existing else ""), noted)

    # Moving, filtering, ordering ------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.screening.move(step)
        self.show()

    def action_filter(self) -> None:
        config = self.reviewer_app.review.config
        labels = {"all": "all", "undecided": "undecided", INCLUDE: "included", EXCLUDE: "excluded", MAYBE: "maybe"}
        choices = [PickerItem(name, labels[name]) for name in FILTERS]
        choices += [PickerItem(f"reason:{r}", f"excluded for: {r}") for r in config.exclusion_reasons]

        def chosen(key: str | None) -> None:
            if key is None:
                return
            if key.startswith("reason:"):
                self.screening.set_filter(EXCLUDE, key.removeprefix("reason:"))
            else:
                self.screening.set_filter(key)
            self.show()

        self.reviewer_app.push_screen(PickerDialog("Show", choices), chosen)

    def action_order(self) -> None:
        """The next order: relevance, file, year, random (seeded), keywords (when the review has some)."""
        orders = [o for o in ORDERS if o != "keywords" or self.reviewer_app.review.config.include_keywords]
        following = (
            orders[(orders.index(self.screening.order) + 1) % len(orders)]
            if self.screening.order in orders
            else orders[0]
        )
        self.screening.set_order(following)
        self.notify(ORDER_NAMES[following], title="Order", markup=False, timeout=2)
        self.show()

    def action_switch_stage(self) -> None:
        other: Stage = FULL_TEXT if self.screening.stage == TITLE_ABSTRACT else TITLE_ABSTRACT
        self.screening.set_stage(other)
        self.show()
        self.request_ranking()

    def action_history(self) -> None:
        if self.screening.current is not None:
            self.reviewer_app.push_screen(HistoryDialog(self.screening.current.id))

    def action_attach(self) -> None:
        current = self.screening.current
        ask_to_attach(self, self.show, current.id if current else None)

    def action_read(self) -> None:
        record = self.screening.current
        if record is not None:
            self.reviewer_app.open_reader(record.id)

    def action_back(self) -> None:
        self.reviewer_app.pop_screen()
