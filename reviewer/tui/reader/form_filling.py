"""Filling an extraction form in the Reader: the form panel beside the text, answers typed or
picked by key and saved at once in the reviewer's own file, a selected span cited as an
answer's evidence (anchored as claims are), `enter` on a cited answer back to its quote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Label

from reviewer.domain.answer import Answer, latest_answers
from reviewer.domain.decision import INCLUDE, Decision
from reviewer.extraction.answering import answer, placed_on, shown, with_evidence
from reviewer.extraction.catalogue import forms_of, judgements, overrides
from reviewer.extraction.forms import Field, Form, FormError
from reviewer.text.display import one_line
from reviewer.tui.reader.form_panel import FieldRow, FormPanel, rows_of
from reviewer.tui.widgets.dialogs import PickerDialog, PickerItem, PromptDialog

if TYPE_CHECKING:
    from reviewer.tui.reader.screen import ReaderScreen

QUOTE_WIDTH = 50
ORPHANED = "(no longer in the form: kept)"


class FormFilling:
    """The form panel's side of the Reader (its screen holds the panel and the keys)."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.form: Form | None = None
        self.errors: dict[str, str] = {}  # field -> why what was typed was refused, shown in place
        self.orphaned: set[str] = set()  # fields whose quote is no longer in the text
        self.given: dict[str, Answer] = {}
        self._derived: dict[str, str] = {}

    @property
    def panel(self) -> FormPanel:
        return self.screen.query_one(FormPanel)

    # Opening and closing ---------------------------------------------------------------

    def toggle(self) -> None:
        """Open a form offered for this record (asked which when there are several), or close it."""
        if self.form is not None:
            self._show(None)
            return
        try:
            forms = self.offered()
        except FormError as error:
            self.screen.notify(str(error), severity="error", markup=False)
            return
        if len(forms) == 1:
            self._show(forms[0])
            return
        items = [PickerItem(form.key, form.label, f"{len(form.fields)} fields") for form in forms]

        def picked(key: str | None) -> None:
            if key:
                self._show(next(form for form in forms if form.key == key))

        self.screen.reviewer_app.push_screen(PickerDialog("Fill which form?", items, numbered=True), picked)

    def offered(self) -> list[Form]:
        """The forms for this record: those tied to no stage, and those tied to a stage it was
        included at (the risk-of-bias tools are tied to none)."""
        app = self.screen.reviewer_app
        final = app.state.final if app.state is not None else {}

        def included(stage: str) -> bool:
            found = final.get(stage, {}).get(self.screen.record.id)  # type: ignore[call-overload]
            return isinstance(found, Decision) and found.decision == INCLUDE

        answered = {answer.form for answer in app.store.answers(self.screen.record.id)}
        return [form for form in forms_of(app.review) if not form.stage or included(form.stage) or form.key in answered]

    def _show(self, form: Form | None) -> None:
        self.form = form
        self.errors = {}
        screen = self.screen
        screen.query_one("#claims").display = form is None
        screen.suggesting.place_panel()
        screen.query_one("#side").set_class(form is not None, "-form")  # wider: questions are long
        screen.on_resize()  # a form is shown however narrow the terminal (the claims fold away)
        self.panel.display = form is not None
        if form is None:
            screen.reload()
            screen.source.focus()
            return
        self.refresh()
        self.panel.focus()

    # What the panel shows --------------------------------------------------------------

    def answers(self) -> dict[str, Answer]:
        """field -> your latest answer to the open form on this record."""
        if self.form is None:
            return {}
        mine = self.screen.editor.store.answers(self.screen.record.id)
        latest = latest_answers(a for a in mine if a.form == self.form.key)
        text = self.screen.record.text
        self.orphaned = {field for (_, _, field), a in latest.items() if placed_on(a, text) is None}
        return {field: placed_on(a, text) or a for (_, _, field), a in latest.items() if a.value is not None}

    def evidence(self) -> list[tuple[int, int]]:
        """Where the open form's answers cite the text (drawn as highlights of their own)."""
        if self.form is None:
            return []
        return [(a.start, a.end) for key, a in self.given.items() if a.quoted and key not in self.orphaned]

    def refresh(self) -> None:
        if self.form is None:
            return
        given = self.answers()
        self.given = given
        self._derived = judgements(self.form, {field: a.value for field, a in given.items()})
        rows = rows_of(self.form.fields, set(given))
        known = {row.key for row in rows}
        orphans = [FieldRow(key, Field(key, ORPHANED), f"{key}  {ORPHANED}") for key in sorted(set(given) - known)]
        self.panel.set_rows(rows + orphans)
        self.screen.reload()  # the cited quotes drawn on the text
        done = sum(1 for row in self.panel.rows if row.key in given)
        title = f"{self.form.label} · {done}/{len(self.panel.rows)}"
        self.screen.query_one("#claims-title", Label).update(Text(one_line(title, 60)), layout=False)

    def describe(self, row: FieldRow) -> list[Text]:
        heading = Text(one_line(row.heading, 80), style="bold")
        found = self.given.get(row.key)
        line = Text("  ")
        if row.key in self.errors:  # what was typed is refused: said here, the answer kept
            line.append("✘ " + one_line(self.errors[row.key], 80), style="bold red")
            if found is not None:
                line.append(f"  (kept: {one_line(shown(found.value), 30)})")
        elif found is not None:
            line.append(one_line(shown(found.value), 40))
            if found.note and self.form is not None and overrides(self.form, row.key):
                line.append(f"  override: {one_line(found.note, 40)}", style="italic")
            if row.key in self.orphaned:
                line.append("  quote not found in this text (kept)", style="bold red")
            elif found.exact:
                line.append(f"  «{one_line(found.exact, QUOTE_WIDTH)}»", style="italic")
        elif row.key in self._derived:
            line.append(f"{self._derived[row.key]} (derived)", style="italic")
        else:
            hint = " / ".join(f"{n} {o}" for n, o in enumerate(row.field.options[:9], 1)) or row.field.type
            line.append(one_line(hint, 80), style="dim")
        return [heading, line]

    # Answering -------------------------------------------------------------------------

    def asked(self, row: FieldRow, what: str) -> None:
        found = self.given.get(row.key)
        if what == "enter" and found is not None and found.exact and row.key not in self.orphaned:
            self.screen.source.select(found.start, found.end)  # the quote, selected
            self.screen.source.focus()
        elif what in ("enter", "type"):
            self._prompt(row)
        elif what == "clear":
            self.save(row, "")
        elif row.field.options:
            number = int(what)
            if number <= len(row.field.options):
                self.save(row, str(number))
            else:
                self.screen.say(f"{row.field.label}: no choice {number} (it has {len(row.field.options)})")

    def _prompt(self, row: FieldRow, evidence: tuple[int, int] | None = None) -> None:
        found = self.given.get(row.key)
        typed = shown(found.value) if found else ""
        if evidence is not None and not typed and row.field.type == "text":
            typed = self.screen.record.text[evidence[0] : evidence[1]]
        options = f" ({' / '.join(row.field.options)})" if row.field.options else f" ({row.field.type})"

        def given(text: str | None) -> None:
            if text is not None:
                self.save(row, text, evidence)

        title = one_line(row.field.label + options, 70)
        self.screen.reviewer_app.push_screen(PromptDialog(title, typed, row.field.help), given)

    def cite(self) -> None:
        """The selected span becomes the evidence of the answer under the form's cursor."""
        row, selection = self.panel.current, self.screen.source.selection
        if self.form is None or row is None:
            self.screen.say("open a form first (f), then select the text its answer cites")
            return
        if selection is None:
            self.screen.say("select the text first: tab to the text, then v starts a selection, s selects the sentence")
            return
        found = self.given.get(row.key)
        if found is None:
            self._prompt(row, selection)  # an answer to go with the evidence
            return
        self.save(row, shown(found.value), selection)

    def _asked_why(self, row: FieldRow, typed: str, evidence: tuple[int, int] | None) -> bool:
        """Overriding a judgement the answers derive asks for the reason first (True: asked);
        choosing the derived one takes the override back instead."""
        assert self.form is not None
        value = row.field.value_of(typed)
        if value is None or not overrides(self.form, row.key):
            return False
        answered = {k: a.value for k, a in self.given.items() if not overrides(self.form, k)}
        derived = judgements(self.form, answered).get(row.key)
        if value == derived:
            self.save(row, "")
            return True

        def reason(text: str | None) -> None:
            if text and text.strip():
                self.save(row, typed, evidence, text.strip())

        title = f"Why {value}, over the derived {derived or 'judgement (none yet)'}, for {row.key}?"
        self.screen.reviewer_app.push_screen(PromptDialog(title, "", "the reason, kept with the answer"), reason)
        return True

    def save(self, row: FieldRow, typed: str, evidence: tuple[int, int] | None = None, note: str = "") -> None:
        """Saved at once (durably, in the background) in your own file; a value the field
        cannot take is refused, its reason shown on the field. Overriding a derived judgement
        asks why first."""
        assert self.form is not None
        store, record = self.screen.editor.store, self.screen.record
        try:
            if not note and self._asked_why(row, typed, evidence):
                return
            made = answer(self.form, record.id, row.key, typed, store.reviewer, note=note)
        except FormError as error:
            self.errors[row.key] = str(error).removeprefix(f"{row.field.label}: ")
            self.refresh()
            self.screen.say(str(error))
            return
        self.errors.pop(row.key, None)
        kept = self.given.get(row.key)
        if evidence is not None:
            made = with_evidence(made, record, *evidence)
            self.screen.source.move_cursor(self.screen.source.cursor)  # the selection is used
        elif (
            kept is not None and kept.exact and made.value is not None and row.key not in self.orphaned
        ):  # keeps its quote
            made = with_evidence(made, record, kept.start, kept.end)
        store.put("answers", made.to_doc())
        self.refresh()
        self.screen.reviewer_app.review_changed()
        cited = f", citing «{one_line(made.exact, 30)}»" if made.exact else ""
        self.screen.say(f"{row.key} = {shown(made.value) or '(cleared)'}{cited}")
