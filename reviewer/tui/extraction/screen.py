"""Extraction disagreements: the fields two reviewers answered differently, their answers and
quotes side by side; a number key settles with that reviewer's answer, `n` with a new one, each
stored as the adjudicator's answer (the team's value), `u` takes it back. Per-field agreement of
the form on screen (percent, and Cohen's kappa for choice fields) is shown above."""

from __future__ import annotations

import dataclasses

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from reviewer.domain.answer import Answer
from reviewer.domain.decision import ADJUDICATOR
from reviewer.domain.document import new_id, now_iso
from reviewer.extraction.answering import answer, shown
from reviewer.extraction.catalogue import BUILT_IN, form_of, overrides
from reviewer.extraction.forms import FormError
from reviewer.team.extraction import Disagreement
from reviewer.team.state import ReviewState
from reviewer.text.display import counted, one_line
from reviewer.tui.widgets.dialogs import PromptDialog
from reviewer.tui.widgets.key_hints import KeyHints
from reviewer.tui.widgets.record_card import RecordCard
from reviewer.tui.widgets.screen import ReviewerScreen


class ExtractionScreen(ReviewerScreen):
    BINDINGS = [
        Binding("1", "settle_with(1)", "Take answer", key_display="1-9"),
        *(Binding(str(n), f"settle_with({n})", f"Take answer {n}", show=False) for n in range(2, 10)),
        Binding("n", "new_answer", "New answer"),
        Binding("u", "undo", "Undo"),
        Binding("j,down", "move(1)", "Next"),
        Binding("k,up", "move(-1)", "Previous", show=False),
        Binding("r", "refresh", "Refresh"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Disagreement] = []
        self.position = 0
        self.settled: list[tuple[Disagreement, Answer]] = []  # what `u` takes back, last first

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="extraction-summary")
        yield RecordCard(self.reviewer_app.review.config, id="record-card")
        yield Static(id="extraction-answers")
        yield KeyHints()

    def on_mount(self) -> None:
        self.sub_title = "Extraction disagreements"
        app = self.reviewer_app
        if not app.review.config.may_adjudicate(app.store.slug):
            who = ", ".join(app.review.config.adjudicators) or "named in review.toml ([screening] adjudicators)"
            self.query_one("#extraction-summary", Static).update(Text("Extraction disagreements · for adjudicators"))
            self.query_one(RecordCard).show(
                None, f"Reviewers' answers are compared and settled by the review's adjudicators: {who}."
            )
            return
        app.state_signal.subscribe(self, self._state_changed)
        if app.state is not None:
            self._state_changed(app.state)
        app.review_changed()  # every file read afresh: a colleague's answers may be new

    def _state_changed(self, state: ReviewState) -> None:
        current = self._current_key()
        self.items = state.answers.disagreements(tools=BUILT_IN)
        at = next((i for i, d in enumerate(self.items) if (d.record, d.form, d.field) == current), self.position)
        self.position = min(at, max(0, len(self.items) - 1))
        self.show()

    def _current_key(self) -> tuple[str, str, str] | None:
        if not self.items:
            return None
        d = self.items[self.position]
        return d.record, d.form, d.field

    def show(self) -> None:
        summary = Text(f"{counted(len(self.items), 'disagreement')} open · {len(self.settled)} settled now")
        card, answers = self.query_one(RecordCard), self.query_one("#extraction-answers", Static)
        if not self.items:
            self.query_one("#extraction-summary", Static).update(summary)
            card.show(None, "No fields answered differently: nothing to settle.")
            answers.update("")
            return
        d = self.items[self.position]
        state = self.reviewer_app.state
        try:
            form = form_of(self.reviewer_app.review, d.form)
            label = form.field(d.field).label
        except FormError:
            form, label = None, "(orphaned: no such field in the form now)"
        if form is not None and state is not None:
            agreement = [
                f"{row.field} {row.percent:.0f}%" + (f" κ {row.kappa:.2f}" if row.kappa is not None else "")
                for row in state.answers.agreement(form)
                if row.percent is not None
            ]
            summary.append(
                " · " + one_line(f"agreement on {form.key}: {', '.join(agreement) or 'none compared yet'}", 160)
            )
        self.query_one("#extraction-summary", Static).update(summary)
        card.show(self.reviewer_app.review.record(d.record))
        title = Text(one_line(f"{self.position + 1} of {len(self.items)} · {d.form} {d.field}: {label}", 120))
        table = Table(expand=True, title=title)
        for column in ("Key", "Reviewer", "Answer", "Quote or reason", "Page"):
            table.add_column(column)
        for number, given in enumerate(d.answers.values(), 1):
            table.add_row(
                str(number),
                Text(one_line(given.reviewer, 30)),
                Text(one_line(shown(given.value), 40)),
                Text(one_line(given.exact or given.note, 70), style="italic"),
                str(given.page or ""),
            )
        answers.update(table)

    def action_settle_with(self, number: int) -> None:
        if not self.items:
            return
        d = self.items[self.position]
        chosen = list(d.answers.values())[number - 1] if number <= len(d.answers) else None
        if chosen is None:
            self.notify(f"No answer {number}: {len(d.answers)} reviewers answered", markup=False)
            return
        store = self.reviewer_app.store
        self._settle(
            d, dataclasses.replace(chosen, reviewer=store.reviewer, role=ADJUDICATOR, at=now_iso(), id=new_id())
        )

    def action_new_answer(self) -> None:
        if not self.items:
            return
        d = self.items[self.position]

        def typed(text: str | None) -> None:
            if text is None:
                return
            try:
                form = form_of(self.reviewer_app.review, d.form)
                note = "settled by the adjudicator" if overrides(form, d.field) else ""
                made = answer(form, d.record, d.field, text, self.reviewer_app.store.reviewer, ADJUDICATOR, note)
            except FormError as error:
                self.notify(str(error), severity="warning", markup=False)
                return
            self._settle(d, made)

        self.reviewer_app.push_screen(PromptDialog(f"The team's answer to {d.form} {d.field}"), typed)

    def _settle(self, d: Disagreement, settlement: Answer) -> None:
        self.reviewer_app.store.put("answers", settlement.to_doc())
        self.settled.append((d, settlement))
        self.items.pop(self.position)
        self.position = min(self.position, max(0, len(self.items) - 1))
        self.reviewer_app.review_changed()
        self.show()

    def action_undo(self) -> None:
        """Take back the last settlement made here: the field is open again, and shown."""
        if not self.settled:
            self.notify("Nothing settled here to undo", markup=False)
            return
        d, settlement = self.settled.pop()
        taken_back = dataclasses.replace(settlement, value=None, exact="", start=-1, end=-1, at=now_iso(), id=new_id())
        self.reviewer_app.store.put("answers", taken_back.to_doc())
        self.items.insert(min(self.position, len(self.items)), d)
        self.position = self.items.index(d)
        self.reviewer_app.review_changed()
        self.show()

    def action_move(self, step: int) -> None:
        if self.items:
            self.position = max(0, min(self.position + step, len(self.items) - 1))
            self.show()

    def action_refresh(self) -> None:
        self.reviewer_app.review_changed()

    def action_back(self) -> None:
        self.reviewer_app.pop_screen()
