"""The Reader: a source text with its highlights, and the claims tagged on it beside it."""

from __future__ import annotations

import functools

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Label, Static

from reviewer.annotating.editor import Change, ClaimEditor
from reviewer.annotating.placing import place_claims, reanchor
from reviewer.domain.claim import ANCHORED, Claim
from reviewer.domain.record import Record
from reviewer.review.config import Tag
from reviewer.review.identity import slug
from reviewer.text.display import one_line
from reviewer.text.markdown_spans import markdown_spans
from reviewer.tui.reader.claims_panel import ClaimsPanel
from reviewer.tui.reader.form_filling import FormFilling
from reviewer.tui.reader.form_panel import FormPanel
from reviewer.tui.reader.source_view import Formatting, Highlight, SourceView
from reviewer.tui.reader.suggesting import Suggesting
from reviewer.tui.reader.suggestions_panel import SuggestionsPanel
from reviewer.tui.widgets.colours import UNTAGGED
from reviewer.tui.widgets.dialogs import PickerDialog, PickerItem, PromptDialog
from reviewer.tui.widgets.key_hints import KeyHints
from reviewer.tui.widgets.screen import ReviewerScreen

QUOTE_PREVIEW = 70
EVIDENCE_COLOUR = "#5e81ac"  # the quotes the open form's answers cite
FOLD_WIDTH = 100  # narrower than this, the claims panel folds away
# A Markdown source reads formatted; its syntax stays (dimmed), so offsets are the file's own.
MARKDOWN_STYLES = {
    "heading": Style(bold=True, underline=True),
    "strong": Style(bold=True),
    "emphasis": Style(italic=True),
    "code": Style(color="#8fbcbb"),
    "syntax": Style(dim=True),
}


class ReaderScreen(ReviewerScreen):
    BINDINGS = [
        Binding("1", "tag_number(1)", "Tag", key_display="1-9"),
        *(Binding(str(n), f"tag_number({n})", f"Tag {n}", show=False) for n in range(2, 10)),
        Binding("t", "pick_tag", "Tag…"),
        Binding("a", "note", "Note"),
        Binding("x,delete", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r,U", "redo", "Redo", show=False),
        Binding("n", "next_claim(1)", "Next"),
        Binding("N", "next_claim(-1)", "Previous claim", show=False),
        Binding("slash", "find", "Find"),
        Binding("O", "toggle_others", "Colleagues"),
        Binding("f", "form", "Form"),
        Binding("E", "cite", "Cite", tooltip="The selection becomes the evidence of the form's answer"),
        Binding("right_curly_bracket", "suggestion(1)", "Suggestion", key_display="}"),
        Binding("left_curly_bracket", "suggestion(-1)", "Previous suggestion", show=False),
        Binding("y", "accept", "Accept", tooltip="The suggestion under the cursor becomes your claim"),
        Binding("r", "reject", "Reject", tooltip="Not suggested here again"),
        Binding("less_than_sign", "narrow", "Narrow to a clause", show=False),
        Binding("greater_than_sign", "widen", "Widen the selection", show=False),
        Binding("S", "toggle_suggestions", "Suggestions on/off", show=False),
        Binding("right_square_bracket", "page(1)", "Next page", show=False),
        Binding("left_square_bracket", "page(-1)", "Previous page", show=False),
        Binding("escape", "back", "Back"),
    ]

    @classmethod
    @functools.cache
    def for_tags(cls, tags: tuple[Tag, ...]) -> type[ReaderScreen]:
        """The Reader with the review's tag names on its number keys, so the key help says
        "2  Safety", not "Tag 2" (one class per taxonomy: Textual reads bindings from classes)."""
        labels = [f"Tag: {tag.label}" for tag in tags[:9]] + ["(no tag)"] * (9 - len(tags[:9]))
        named = [Binding(str(n), f"tag_number({n})", label, show=False) for n, label in enumerate(labels, 1)]
        return type(cls.__name__, (cls,), {"BINDINGS": named})  # the footer keeps "t Tag…"; ? lists these

    def __init__(self, record: Record, editor: ClaimEditor, at: str | None = None) -> None:
        super().__init__()
        self.record = record
        self.editor = editor
        self._open_at = at
        self.claims: list[Claim] = []  # yours: tagged, noted and deleted here
        self.others: list[Claim] = []  # colleagues' (when the review lets you see them): read only
        self.show_others = True
        self._last_query = ""
        self._message = ""
        self._message_at: tuple[int, tuple[int, int] | None] = (0, None)  # where it was said
        self.filling = FormFilling(self)
        self.suggesting = Suggesting(self)
        self._markdown: list[Formatting] = []

    @property
    def source(self) -> SourceView:
        return self.query_one(SourceView)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield SourceView(self.record.text, id="source")
            with Vertical(id="side"):
                yield Label("Claims", id="claims-title")
                yield ClaimsPanel(self._claim_lines, id="claims")
                yield Label("Suggestions", id="suggestions-title")
                yield SuggestionsPanel(self.suggesting.describe, id="suggestions")
                yield FormPanel(self.filling.describe, id="form")
        yield Static(id="status")
        yield KeyHints()

    def on_resize(self) -> None:
        """Below FOLD_WIDTH columns the claims panel folds away and the text takes the width
        (the claim under the cursor still shows in the status line); said when it folds."""
        side = self.query_one("#side")
        shown = self.size.width >= FOLD_WIDTH or self.filling.form is not None
        if side.display and not shown:
            self.say(f"claims panel hidden (<{FOLD_WIDTH} cols)")
        side.display = shown

    def on_mount(self) -> None:
        self.sub_title = one_line(self.record.title, 60)
        if self.record.source.lower().endswith(".md"):
            spans = markdown_spans(self.record.text)
            self._markdown = [Formatting(s.start, s.end, MARKDOWN_STYLES[s.kind]) for s in spans]
            self.source.set_formatting(self._markdown)
        self._reanchor()
        self.reload()
        self.suggesting.load()
        self.source.focus()
        self._move_to_opened()
        self.reviewer_app.saved_signal.subscribe(self, lambda _: self._show_status())
        app = self.reviewer_app
        if app.review.config.sees_everyone(app.store.slug):
            self.load_others()

    def _move_to_opened(self) -> None:
        placed = next((a for a in (*self.claims, *self.others) if a.id == self._open_at), None)
        if placed is not None and placed.status == ANCHORED:
            self.call_after_refresh(self.source.move_cursor, placed.start)
            self._open_at = None

    @work(thread=True, exit_on_error=False, exclusive=True, group="others")
    def load_others(self) -> None:
        """Colleagues' claims on this text, placed on it as it is now (in memory: their
        files are theirs to change); every reviewer's file is read off the UI thread."""
        app, record = self.reviewer_app, self.record
        team = app.read_team()
        others = [
            reanchor(claim, record.text)
            for claim in team.claims
            if claim.record == record.id and slug(claim.reviewer, default="") != app.store.slug
        ]
        app.call_from_thread(self._others_loaded, others)

    def _others_loaded(self, others: list[Claim]) -> None:
        self.others = others
        self.reload()
        self._move_to_opened()

    # Keeping claims on the text -----------------------------------------------------

    def _reanchor(self) -> None:
        """Place this record's claims on its current text; save any that moved."""
        placed = place_claims(self.editor.store, self.record.id, self.record.text)
        orphans = sum(claim.status != ANCHORED for claim in placed)
        if orphans:
            self.notify(
                f"{orphans} claim(s) could not be found in this text any more; they are kept and listed as orphaned",
                severity="warning",
                markup=False,
            )

    def reload(self) -> None:
        self.claims = sorted(
            self.editor.store.claims(self.record.id), key=lambda a: (a.status != ANCHORED, a.start, a.end)
        )
        others = self.others if self.show_others else []
        shown = sorted([*self.claims, *others], key=lambda a: (a.status != ANCHORED, a.start, a.end))
        self.source.set_highlights(
            [Highlight(a.start, a.end, self.colour_of(a)) for a in shown if a.status == ANCHORED]
            + [Highlight(start, end, EVIDENCE_COLOUR) for start, end in self.filling.evidence()]
        )
        self.query_one(ClaimsPanel).set_claims(shown)
        self.suggesting.refresh(self.claims)
        title = f"Claims ({len(self.claims)}" + (f", {len(self.others)} of colleagues)" if self.others else ")")
        if self.filling.form is None:  # else the title is the form's
            self.query_one("#claims-title", Label).update(Text(title), layout=False)
        self._sync_side_panel()
        self._show_status()

    def colour_of(self, claim: Claim) -> str:
        """The claim's first tag's colour; a colleague's is dimmed (half way to black)."""
        colour = next(
            (tag.colour for key in claim.tags if (tag := self.reviewer_app.review.config.tag(key)) is not None),
            UNTAGGED,
        )
        if claim.reviewer == self.editor.store.reviewer or not colour.startswith("#") or len(colour) != 7:
            return colour
        red, green, blue = (int(colour[i : i + 2], 16) // 2 for i in (1, 3, 5))
        return f"#{red:02x}{green:02x}{blue:02x}"

    def action_toggle_others(self) -> None:
        """Show or hide colleagues' claims (read only; there only when the review lets you see them)."""
        if not self.others:
            blind = not self.reviewer_app.review.config.sees_everyone(self.reviewer_app.store.slug)
            self.say("the review is blind: colleagues' claims are hidden" if blind else "no colleague's claims here")
            return
        self.show_others = not self.show_others
        self.reload()
        self.say(f"colleagues' claims {'shown' if self.show_others else 'hidden'}")

    def _claim_lines(self, claim: Claim) -> list[Text]:
        """How the side panel shows a claim: tags, the quote, the note."""
        heading = Text()
        heading.append("■ ", style=self.colour_of(claim))
        heading.append(one_line(", ".join(claim.tags) or "untagged", 40), style="bold")
        if claim.reviewer != self.editor.store.reviewer:
            heading.append(f" · {one_line(claim.reviewer, 20)}", style="italic")
        if claim.status != ANCHORED:
            heading.append(f"  {claim.status}", style="bold red")
        lines = [heading, Text(one_line(claim.exact, QUOTE_PREVIEW), style="italic")]
        if claim.note:
            lines.append(Text("✎ " + one_line(claim.note, QUOTE_PREVIEW), style="dim"))
        return lines

    # What is under the cursor ------------------------------------------------------------

    def under_cursor(self) -> list[Claim]:
        """Anchored claims covering the cursor, innermost first."""
        cursor = self.source.cursor
        covering = [a for a in self.claims if a.status == ANCHORED and a.start <= cursor < a.end]
        return sorted(covering, key=lambda a: a.end - a.start)

    def show_marks(self, marks: list[Formatting]) -> None:
        """Mark these spans (the suggestions) over the Markdown formatting."""
        self.source.set_formatting(self._markdown + marks)

    def on_source_view_cursor_moved(self) -> None:
        self._sync_side_panel()
        self._show_status()

    def _sync_side_panel(self) -> None:
        covering = self.under_cursor()
        if covering:
            self.query_one(ClaimsPanel).highlight_claim(covering[0].id)

    def _show_status(self) -> None:
        view, store = self.source, self.editor.store
        parts = [one_line(store.reviewer, 40), f"{view.cursor + 1:,}/{len(view.text):,}"]
        page = self.record.page_at(view.cursor)
        if page is not None:
            parts.insert(1, f"p. {page} of {len(self.record.page_starts)}")
        here = self.suggesting.at_cursor()
        if view.selection and (here is None or view.selection != (here.start, here.end)):  # else: it says so
            start, end = view.selection
            parts.append(f"selected {end - start:,} chars")
        covering = self.under_cursor()
        if covering:
            parts.append("on: " + one_line(", ".join(covering[0].tags or ("untagged",)), 60))
        parts.append("saving…" if store.unsaved else "saved")
        if self._message and self._message_at == (view.cursor, view.selection):  # until the cursor moves on
            parts.append(self._message)  # the answer to the last key, before what the cursor is on
        if here is not None and not covering:
            parts.append(self.suggesting.status(here))
        self.query_one("#status", Static).update(Text(" │ ".join(parts)), layout=False)  # one line, fixed size

    def say(self, message: str) -> None:
        """Answer a key in the status line, until the cursor or the selection moves on."""
        self._message = message
        self._message_at = (self.source.cursor, self.source.selection)
        self._show_status()

    # Tagging, notes, deleting, undo ------------------------------------------------------

    def action_tag_number(self, number: int) -> None:
        tags = self.reviewer_app.review.config.tags
        if number > len(tags):
            self.notify(f"No tag on key {number}: review.toml lists {len(tags)} tags", markup=False)
            return
        self.apply_tag(tags[number - 1].key)

    def action_pick_tag(self) -> None:
        choices = [
            PickerItem(tag.key, f"{n}  {tag.label}", tag.description, tag.colour)
            for n, tag in enumerate(self.reviewer_app.review.config.tags, 1)
        ]

        def picked(key: str | None) -> None:
            if key:
                self.apply_tag(key)

        self.reviewer_app.push_screen(PickerDialog("Tag as", choices), picked)

    def apply_tag(self, key: str) -> None:
        """Tag the selection (a new claim), or toggle the tag on the claim at the cursor; on a
        suggestion, accept it with this tag."""
        if not self.under_cursor() and self.suggesting.accept(key):
            return
        view = self.source
        if view.selection:
            start, end = view.selection
            same_span = next((a for a in self.under_cursor() if (a.start, a.end) == (start, end)), None)
            if same_span is not None:
                change = self.editor.toggle_tag(same_span, key)
            else:
                change = self.editor.create(self.record.id, self.record.text, start, end, tags=(key,))
            view.move_cursor(view.cursor)
        elif self.under_cursor():
            change = self.editor.toggle_tag(self.under_cursor()[0], key)
        else:
            self.notify("Select text first: v starts a selection, s selects the sentence", markup=False)
            return
        self._done(change)

    def action_note(self) -> None:
        view = self.source
        selection = view.selection
        target = None if selection else next(iter(self.under_cursor()), None)
        if selection is None and target is None:
            self.notify("Select text or move onto a claim to add a note", markup=False)
            return

        def noted(note: str | None) -> None:
            if note is None:
                return
            if target is not None:
                self._done(self.editor.set_note(target, note))
            elif selection is not None:
                view.move_cursor(view.cursor)
                start, end = selection
                self._done(self.editor.create(self.record.id, self.record.text, start, end, note=note))

        title = "Note on this claim" if target else "Note on the selection"
        self.reviewer_app.push_screen(PromptDialog(title, target.note if target else ""), noted)

    def action_delete(self) -> None:
        covering = self.under_cursor()
        if not covering:
            self.notify("No claim under the cursor", markup=False)
            return
        self._done(self.editor.delete(covering[0]))

    def action_undo(self) -> None:
        change = self.editor.undo()
        self._undone(change, "undone", "nothing to undo")

    def action_redo(self) -> None:
        change = self.editor.redo()
        self._undone(change, "redone", "nothing to redo")

    def _undone(self, change: Change | None, verb: str, nothing: str) -> None:
        if change is None:
            self.say(nothing)
            return
        self.reload()
        if change.subject.record == self.record.id:
            self.source.move_cursor(change.subject.start)
        self.say(f"{verb}: {change.description}")

    def _done(self, change: Change) -> None:
        self.reload()
        self.say(change.description)

    # Moving between claims, finding text -------------------------------------------------

    def action_page(self, direction: int) -> None:
        """To the start of the next (or this, then the previous) page of a PDF's text."""
        pages = self.record.page_starts
        if not pages:
            self.say("this text has no pages")
            return
        cursor = self.source.cursor
        if direction > 0:
            target = next((start for start in pages if start > cursor), None)
        else:
            target = next((start for start in reversed(pages) if start < cursor), None)
        if target is None:
            self.say("last page" if direction > 0 else "first page")
            return
        self.source.move_cursor(target)

    def action_next_claim(self, direction: int) -> None:
        starts = sorted({a.start for a in self.claims if a.status == ANCHORED})
        if not starts:
            self.say("no claims in this text yet")
            return
        cursor = self.source.cursor
        if direction > 0:
            target = next((s for s in starts if s > cursor), starts[0])
        else:
            target = next((s for s in reversed(starts) if s < cursor), starts[-1])
        self.source.move_cursor(target)

    # Suggestions (see suggesting) --------------------------------------------------------

    def action_suggestion(self, direction: int) -> None:
        self.suggesting.step(direction)

    def action_accept(self) -> None:
        if self.suggesting.accept():
            return
        if self.source.selection is not None and self.suggesting.at_cursor() is not None:
            self.say("the selection is yours: a number key tags it")
        else:
            self.suggesting.nothing_here()

    def action_reject(self) -> None:
        self.suggesting.reject()

    def action_narrow(self) -> None:
        self.suggesting.narrow()

    def action_widen(self) -> None:
        self.suggesting.widen()

    def action_toggle_suggestions(self) -> None:
        self.suggesting.toggle()

    def on_suggestions_panel_chosen(self, event: SuggestionsPanel.Chosen) -> None:
        self.suggesting.select(event.suggestion)
        self.source.focus()

    def on_claims_panel_chosen(self, event: ClaimsPanel.Chosen) -> None:
        claim = event.claim
        if claim.status == ANCHORED:
            self.source.move_cursor(claim.start)
        self.source.focus()

    def action_find(self) -> None:
        def found(query: str | None) -> None:
            if query:
                self._last_query = query
                self.find(query)

        self.reviewer_app.push_screen(PromptDialog("Find in this text", self._last_query), found)

    def find(self, query: str) -> None:
        """Move the cursor to the next occurrence of `query` (ignoring case), wrapping around."""
        found = self.source.find_next(query)
        self.say(f"{'found' if found else 'not found'}: {one_line(query, 40)}")

    # Extraction forms (see form_filling) --------------------------------------------------

    def action_form(self) -> None:
        self.filling.toggle()

    def action_cite(self) -> None:
        self.filling.cite()

    def on_form_panel_asked(self, event: FormPanel.Asked) -> None:
        self.filling.asked(event.row, event.what)

    def on_form_panel_moved(self, event: FormPanel.Moved) -> None:
        field = event.row.field
        self.say(one_line(f"{event.row.key}: {field.label}" + (f" ({field.help})" if field.help else "")))

    def action_back(self) -> None:
        self.reviewer_app.pop_screen()
