"""Conflicts: records the reviewers decided differently, their decisions side by side;
one key settles each, stored as the resolving reviewer's adjudication."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from reviewer.domain.decision import EXCLUDE, FULL_TEXT, TITLE_ABSTRACT, Choice, Decision, Stage
from reviewer.domain.errors import ReviewerError
from reviewer.team.adjudication import adjudicate, take_back
from reviewer.team.decisions import Conflict
from reviewer.team.state import ReviewState
from reviewer.text.display import counted, one_line
from reviewer.tui.widgets.decision_marks import MARK_STYLES, MARKS, STAGE_NAMES
from reviewer.tui.widgets.history import HistoryDialog
from reviewer.tui.widgets.key_hints import KeyHints
from reviewer.tui.widgets.reasons import ask_exclusion_reason
from reviewer.tui.widgets.record_card import RecordCard
from reviewer.tui.widgets.screen import ReviewerScreen


def blind_message(adjudicators: tuple[str, ...]) -> str:
    """Why a blind reviewer sees no conflicts, and who does."""
    if adjudicators:
        return (
            "The review is blind: conflicts show every reviewer's decisions, so only its adjudicators "
            f"({', '.join(adjudicators)}) see them and settle them."
        )
    return (
        "The review is blind: only its adjudicators see conflicts, which show every reviewer's "
        "decisions. Name them in review.toml ([screening] adjudicators = [...]) or set blind = false."
    )


class ConflictsScreen(ReviewerScreen):
    BINDINGS = [
        Binding("i", "resolve('include')", "Include"),
        Binding("e", "exclude", "Exclude"),
        Binding("m", "resolve('maybe')", "Maybe"),
        Binding("u", "undo", "Undo"),
        Binding("h", "history", "History"),
        Binding("j,down", "move(1)", "Next"),
        Binding("k,up", "move(-1)", "Previous", show=False),
        Binding("s", "switch_stage", "Stage"),
        Binding("r", "refresh", "Refresh"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stage: Stage = TITLE_ABSTRACT
        self.items: list[Conflict] = []
        self.position = 0
        self.resolved = 0
        self.settled: list[tuple[Conflict, Decision]] = []  # what `u` takes back, last first

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="conflicts-summary")
        yield RecordCard(self.reviewer_app.review.config, id="record-card")
        yield Static(id="conflict-decisions")
        yield KeyHints()

    def on_mount(self) -> None:
        self.sub_title = "Conflicts"
        self.reviewer_app.state_signal.subscribe(self, self._state_changed)
        if self._blind():
            return
        if self.reviewer_app.state is not None:
            self._state_changed(self.reviewer_app.state)
        self.reviewer_app.review_changed()  # and every file read afresh: a colleague's may be new

    def _blind(self) -> bool:
        """While the review is blind, conflicts are for its adjudicators (said on screen)."""
        app = self.reviewer_app
        if app.review.config.sees_everyone(app.store.slug):
            return False
        self.query_one("#conflicts-summary", Static).update(Text("Conflicts · blind review: for adjudicators"))
        self.query_one(RecordCard).show(None, blind_message(app.review.config.adjudicators))
        return True

    def action_refresh(self) -> None:
        """Read every reviewer's file again (a colleague's may have arrived with git)."""
        if not self._blind():
            self.reviewer_app.review_changed()

    def _state_changed(self, state: ReviewState) -> None:
        """The review's state, computed again: the conflicts open now, the one on screen kept."""
        if self._blind():
            return
        current = self.items[self.position].record if self.items else None
        self.items = state.conflicts(self.stage)
        at = next((i for i, c in enumerate(self.items) if c.record == current), self.position)
        self.position = min(at, max(0, len(self.items) - 1))
        self.show()

    def show(self) -> None:
        summary = Text(
            f"{STAGE_NAMES[self.stage]} · {counted(len(self.items), 'conflict')} open · {self.resolved} resolved now"
        )
        self.query_one("#conflicts-summary", Static).update(summary)
        card, decisions = self.query_one(RecordCard), self.query_one("#conflict-decisions", Static)
        if not self.items:
            card.show(None, "No conflicts at this stage.")
            decisions.update("")
            return
        conflict = self.items[self.position]
        card.show(self.reviewer_app.review.record(conflict.record))
        table = Table(expand=True, title=Text(f"Conflict {self.position + 1} of {len(self.items)}"))
        for column in ("Reviewer", "Decision", "Reason", "Note"):
            table.add_column(column)
        for decision in conflict.decisions:
            table.add_row(
                Text(one_line(decision.reviewer, 30)),
                Text(MARKS[decision.decision], style=MARK_STYLES[decision.decision]),
                Text(one_line(decision.reason, 40)),
                Text(one_line(decision.note, 60)),
            )
        decisions.update(table)

    def action_resolve(self, decision: Choice, reason: str = "") -> None:
        if not self.items:
            return
        conflict = self.items[self.position]
        try:
            settled = adjudicate(self.reviewer_app.review.config, self.reviewer_app.store, conflict, decision, reason)
        except ReviewerError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.settled.append((conflict, settled))
        self.items.pop(self.position)
        self.reviewer_app.review_changed()
        self.resolved += 1
        self.position = min(self.position, max(0, len(self.items) - 1))
        self.show()

    def action_undo(self) -> None:
        """Take back the last settlement made here: the conflict is open again, and shown."""
        if not self.settled:
            self.notify("Nothing settled here to undo", markup=False)
            return
        conflict, settled = self.settled.pop()
        take_back(self.reviewer_app.store, settled)
        self.reviewer_app.review_changed()
        self.resolved -= 1
        self.items.insert(min(self.position, len(self.items)), conflict)
        self.position = self.items.index(conflict)
        self.show()

    def action_history(self) -> None:
        if self.items:
            self.reviewer_app.push_screen(HistoryDialog(self.items[self.position].record))

    def action_exclude(self) -> None:
        if self.items:
            ask_exclusion_reason(self, lambda reason: self.action_resolve(EXCLUDE, reason))

    def action_move(self, step: int) -> None:
        if self.items:
            self.position = max(0, min(self.position + step, len(self.items) - 1))
            self.show()

    def action_switch_stage(self) -> None:
        self.stage = FULL_TEXT if self.stage == TITLE_ABSTRACT else TITLE_ABSTRACT
        self.position, self.items = 0, []
        if self.reviewer_app.state is not None:
            self._state_changed(self.reviewer_app.state)

    def action_back(self) -> None:
        self.reviewer_app.pop_screen()
