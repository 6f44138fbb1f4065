"""Suggested claims in the Reader: read in a worker when the text opens, marked on it
(underlined in the tag's colour: not claims yet) and listed beside it. `}`/`{` go from one to
the next and select it, `<` narrows the selection to each clause in turn and `>` widens it
again, `y` accepts it with its best tag (a number key: with that tag), `r` rejects it, `S`
hides them all for the session."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.widgets import Label

from reviewer.domain.claim import SUGGESTED, Claim
from reviewer.domain.rejection import Rejection
from reviewer.review.identity import slug
from reviewer.suggesting.learning import TeamModel
from reviewer.suggesting.suggest import Suggestion, left_to_offer, read_sentences
from reviewer.text.display import one_line
from reviewer.text.navigation import clause_spans, sentence_spans
from reviewer.tui.reader.source_view import Formatting
from reviewer.tui.reader.suggestions_panel import SuggestionsPanel
from reviewer.tui.widgets.colours import UNTAGGED

if TYPE_CHECKING:
    from reviewer.tui.reader.screen import ReaderScreen

QUOTE_WIDTH = 70


class Suggesting:
    """The suggestions' side of the Reader (its screen holds the keys and the panel)."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.read: list[Suggestion] = []  # every sentence suggested when the text was read
        self.shown: list[Suggestion] = []  # those not yet claimed or rejected by you
        self._marked: tuple[Suggestion, ...] = ()
        self._starts: list[int] = []  # of `shown`, to find the one under the cursor by bisection
        self._offered: tuple[int, int] | None = None  # the span these keys selected (else the selection is yours)

    @property
    def on(self) -> bool:
        return self.screen.reviewer_app.suggestions_on

    @property
    def panel(self) -> SuggestionsPanel:
        return self.screen.query_one(SuggestionsPanel)

    # Reading the text (in a worker) ------------------------------------------------------

    def load(self) -> None:
        if self.on:
            self.screen.run_worker(self._read, thread=True, exclusive=True, group="suggestions", exit_on_error=False)

    def _read(self) -> None:
        """Learn from the claims and rejections you may see (yours alone while the review is
        blind) as the review's latest state holds them, then read every sentence of the text;
        off the UI thread."""
        app, screen = self.screen.reviewer_app, self.screen
        team = app.state.team if app.state is not None else app.read_team()  # read already: don't read twice
        model = TeamModel.learned_from(team.claims, team.rejections)
        tags = tuple(tag.key for tag in app.review.config.tags)
        own = [c for c in team.claims if c.record == screen.record.id and slug(c.reviewer) == app.store.slug]
        read = [s for s in read_sentences(screen.record, tags, model, own) if s.tags]
        app.call_from_thread(self._loaded, read)

    def _loaded(self, read: list[Suggestion]) -> None:
        self.read = read
        self.screen.reload()

    # What is shown -------------------------------------------------------------------------

    def refresh(self, claims: list[Claim]) -> None:
        """Show what is left of the suggestions once your `claims` and rejections are taken out."""
        rejections = self.screen.editor.store.rejections(self.screen.record.id)
        self.shown = left_to_offer(self.read, claims, rejections) if self.on else []
        if tuple(self.shown) != self._marked:
            self._marked = tuple(self.shown)
            self._starts = [s.start for s in self.shown]
            self.screen.show_marks([Formatting(s.start, s.end, self._mark_of(s)) for s in self.shown])
            self.panel.set_items(self.shown)
        self.screen.query_one("#suggestions-title", Label).update(Text(f"Suggestions ({len(self.shown)})"))
        self.place_panel()
        here = self.at_cursor()
        if here is not None:
            self.panel.highlight(here)

    def place_panel(self) -> None:
        """The list shows when there is something in it and no form takes the side."""
        shown = bool(self.shown) and self.screen.filling.form is None
        self.screen.query_one("#suggestions-title").display = self.panel.display = shown

    def _mark_of(self, suggestion: Suggestion) -> Style:
        """Underlined in the tag's colour, lightened to be read on a dark background."""
        tag = self.screen.reviewer_app.review.config.tag(suggestion.tag)
        colour = Color.parse(tag.colour if tag else UNTAGGED).blend(Color(255, 255, 255), 0.35)
        return Style(color=colour.hex, underline=True)

    def describe(self, suggestion: Suggestion) -> list[Text]:
        """Each tag with its score; the causal strength and the caveat; the quote: three lines,
        so a narrow panel cuts the quote, never the grade."""
        heading = Text()
        heading.append("◌ ", style=self._mark_of(suggestion))
        for i, tag in enumerate(suggestion.tags):
            heading.append(", " if i else "")
            heading.append(tag, style="bold")
            heading.append(f" {suggestion.scores[tag]:.2f}")
        grade = Text(f"  {suggestion.causal}")
        if suggestion.flag:
            grade.append(f" · {suggestion.flag}", style="italic")
        return [heading, grade, Text(one_line(suggestion.exact, QUOTE_WIDTH), style="dim italic")]

    def at_cursor(self) -> Suggestion | None:
        """The suggestion the selection starts in, else the one under the cursor."""
        selection = self.screen.source.selection
        at = selection[0] if selection else self.screen.source.cursor
        index = bisect.bisect_right(self._starts, at) - 1
        if index >= 0 and self.shown[index].start <= at < self.shown[index].end:
            return self.shown[index]
        return None

    @staticmethod
    def status(here: Suggestion) -> str:
        """A suggestion (the one under the cursor) as the status line says it."""
        tags = ", ".join(f"{tag} {here.scores[tag]:.2f}" for tag in here.tags)
        return f"◌ {tags} · {here.causal}" + (f" · {here.flag}" if here.flag else "") + " (y/r)"

    # Keys ----------------------------------------------------------------------------------

    def nothing_here(self) -> None:
        """Say why a suggestion key did nothing."""
        if not self.on:
            self.screen.say("suggestions are off: S shows them")
        elif not self.shown:
            self.screen.say("no suggestions left on this text")
        else:
            self.screen.say("no suggestion under the cursor: } goes to the next")

    def step(self, direction: int) -> None:
        """Select the next (previous) suggestion after (before) the cursor, wrapping around;
        the one under the cursor first, when it is not selected yet."""
        if not self.shown:
            self.nothing_here()
            return
        cursor = self.screen.source.cursor
        here = self.at_cursor()
        if here is not None and self.screen.source.selection != (here.start, here.end):
            self.select(here)
            return
        if direction > 0:
            target = next((s for s in self.shown if s.start > cursor), self.shown[0])
        else:
            before = [s for s in self.shown if s.end <= cursor and s is not here]
            target = before[-1] if before else self.shown[-1]
        self.select(target)

    def select(self, suggestion: Suggestion) -> None:
        self._offer(suggestion.start, suggestion.end)
        self.panel.highlight(suggestion)

    def _offer(self, start: int, end: int) -> None:
        self.screen.source.select(start, end)
        self._offered = self.screen.source.selection

    def accept(self, tag: str | None = None) -> bool:
        """Accept the suggestion under the cursor (its selected part, when narrowed) as your
        claim, with `tag` or its best; False when the cursor is on none, or the selection is
        one you made (a claim of your own, not the machine's)."""
        here = self.at_cursor()
        selection = self.screen.source.selection
        if here is None or (selection is not None and selection != self._offered):
            return False
        start, end = self._span_in(here)
        screen = self.screen
        screen.editor.create(screen.record.id, screen.record.text, start, end, (tag or here.tag,), origin=SUGGESTED)
        screen.reload()
        self._next_after(here, f"accepted as {tag or here.tag}")
        return True

    def reject(self) -> None:
        here = self.at_cursor()
        if here is None:
            self.nothing_here()
            return
        editor = self.screen.editor
        editor.reject(
            Rejection(self.screen.record.id, editor.store.reviewer, here.exact, here.start, here.end, here.tags)
        )
        self.screen.reload()
        self._next_after(here, "rejected: not suggested here again (u takes it back)")

    def _next_after(self, done: Suggestion, said: str) -> None:
        following = next((s for s in self.shown if s.start >= done.end), None)
        if following is not None:
            self.select(following)
        else:
            self.screen.source.move_cursor(self.screen.source.cursor)
        self.screen.say(said + ("" if self.shown else " · no suggestions left"))

    def _span_in(self, here: Suggestion) -> tuple[int, int]:
        """The selection these keys made (narrowed or widened); else the sentence."""
        selection = self.screen.source.selection
        return selection if selection and selection == self._offered else (here.start, here.end)

    def narrow(self) -> None:
        """Select the next clause of the suggestion under the cursor (the first after the whole);
        a selection `>` widened past the suggestion loses its last sentence first."""
        here = self.at_cursor()
        if here is None:
            self.nothing_here()
            return
        selection = self.screen.source.selection
        if selection is not None and selection[0] == here.start and selection[1] > here.end:
            inside = [(s, e) for s, e in sentence_spans(self.screen.record.text) if here.end <= s and e <= selection[1]]
            self._offer(here.start, inside[-2][1] if len(inside) > 1 else here.end)
            return
        clauses = clause_spans(self.screen.record.text, here.start, here.end)
        if len(clauses) == 1:
            self.screen.say("one clause: nothing narrower")
            return
        selection = self.screen.source.selection
        at = clauses.index(selection) + 1 if selection in clauses else 0
        self._offer(*clauses[at % len(clauses)])

    def widen(self) -> None:
        """Widen the selection to the whole suggestion, then by the next sentence."""
        here = self.at_cursor()
        selection = self.screen.source.selection
        if here is None or selection is None:
            self.nothing_here()
            return
        if selection != (here.start, here.end) and here.start <= selection[0] and selection[1] <= here.end:
            self._offer(here.start, here.end)  # a clause of it: back to the whole suggestion first
            return
        text = self.screen.record.text
        following = next(((s, e) for s, e in sentence_spans(text) if s >= selection[1]), None)
        if following is None:
            self.screen.say("the last sentence: nothing wider")
            return
        self._offer(selection[0], following[1])

    def toggle(self) -> None:
        app = self.screen.reviewer_app
        app.suggestions_on = not app.suggestions_on
        if app.suggestions_on and not self.read:
            self.load()
        self.screen.reload()
        self.screen.say(
            "suggestions "
            + ("shown" if self.on else "hidden (for this session; review.toml [suggestions] sets it for good)")
        )
