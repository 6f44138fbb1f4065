"""A record's history (`h`): every decision ever made on it, by whom, when, why."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from reviewer.domain.decision import Decision
from reviewer.text.display import one_line
from reviewer.tui.widgets.decision_marks import MARK_STYLES, MARKS
from reviewer.tui.widgets.screen import reviewer_app


class HistoryDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,h,q", "close", "Close")]

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id

    def compose(self) -> ComposeResult:
        record = reviewer_app(self).review.record(self.record_id)
        title = one_line(record.shown_title if record else self.record_id, 90)
        with VerticalScroll(classes="dialog"):
            yield Label(Text(f"History of {title}"), classes="dialog-title")
            yield Static(Text("Reading the team's files…"), id="history")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        """Every reviewer's file is read off the UI thread (as blinding allows you to see them)."""
        app = reviewer_app(self)
        state = app.read_state()
        app.call_from_thread(self._loaded, state.history(self.record_id), state.blind)

    def _loaded(self, decisions: list[Decision], blind: bool) -> None:
        caption = Text("blind review: your decisions and the adjudicators'") if blind else None
        table = Table(expand=True, caption=caption)
        for column in ("When (UTC)", "Who", "Stage", "Decision", "Reason", "Note"):
            table.add_column(column)
        for decision in decisions:
            who = one_line(decision.reviewer, 24) + (" (adjudicator)" if decision.role == "adjudicator" else "")
            table.add_row(
                Text(decision.at[:19].replace("T", " ")),
                Text(who),
                Text(decision.stage),
                Text(
                    MARKS.get(decision.decision, one_line(decision.decision, 12)),
                    style=MARK_STYLES.get(decision.decision, ""),
                ),
                Text(one_line(decision.reason, 40)),
                Text(one_line(decision.note, 50)),
            )
        self.query_one("#history", Static).update(table if decisions else Text("No decision on this record yet."))

    def action_close(self) -> None:
        self.dismiss(None)
