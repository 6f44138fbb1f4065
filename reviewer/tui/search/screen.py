"""Search: results update as you type, best first, matching words highlighted."""

from __future__ import annotations

import re

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from reviewer.search.index import MARK_END, MARK_START, Hit, SearchIndex, SearchIndexDamaged, refreshed
from reviewer.text.display import counted, displayable, one_line
from reviewer.tui.widgets.dialogs import move_highlight
from reviewer.tui.widgets.key_hints import KeyHints
from reviewer.tui.widgets.screen import ReviewerScreen

RESULTS = 50
MATCH_STYLE = "bold reverse"


def marked(text: str, style: str = "") -> Text:
    """Text with the index's match markers turned into highlighting; the rest literal."""
    shown = Text(style=style)
    flat = " ".join(text.split())
    for number, part in enumerate(re.split(f"[{MARK_START}{MARK_END}]", flat)):
        shown.append(displayable(part), style=MATCH_STYLE if number % 2 else "")
    return shown


class SearchScreen(ReviewerScreen):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index: SearchIndex | None = None
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder=(
                "search titles, abstracts, texts, notes, claims  (in:title  kind:claim  tag:X  reviewer:X  decision:X)"
            ),
            id="search-input",
        )
        yield Static(Text("Bringing the search index up to date…"), id="search-summary")
        yield OptionList(id="search-results")
        yield KeyHints()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one(Input).focus()
        self.reviewer_app.search_index_signal.subscribe(self, self._ready)  # built again after damage
        self.prepare()

    @work(thread=True, exit_on_error=False, exclusive=True)
    def prepare(self) -> None:
        """The first search of a large review indexes it: off the UI thread."""
        index = refreshed(self.reviewer_app.search_index, self.reviewer_app.review)
        self.reviewer_app.call_from_thread(self._ready, index)

    def _ready(self, index: SearchIndex) -> None:
        self.reviewer_app.search_index = self.index = index
        self.run_query(self.query_one(Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.run_query(event.value)

    def run_query(self, text: str) -> None:
        if self.index is None:
            return
        try:
            self.hits = (
                self.index.search(
                    text,
                    limit=RESULTS,
                    typing=True,
                    decisions=self.reviewer_app.own_decisions,
                    claims_of=self.reviewer_app.blind_to_others(),
                )
                if text.strip()
                else []
            )
        except SearchIndexDamaged:  # a cache: built again in the background, the query asked again then
            damaged, self.index = self.index, None
            self.query_one("#search-summary", Static).update(Text("The index was damaged: building it again…"))
            self.reviewer_app.search_index_damaged(damaged)
            return
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(self._prompt(hit), id=f"{hit.kind}:{hit.key}") for hit in self.hits])
        results.highlighted = 0 if self.hits else None
        summary = (
            counted(len(self.hits), "result") + (" (the best 50)" if len(self.hits) == RESULTS else "")
            if text.strip()
            else "Type to search"
        )
        self.query_one("#search-summary", Static).update(Text(summary))

    def _prompt(self, hit: Hit) -> Text:
        prompt = Text()
        if hit.kind == "claim":
            prompt.append(
                f"claim [{one_line(hit.tags.replace(';', ', ')) or 'no tag'}] {one_line(hit.reviewer, 20)} · ",
                style="bold magenta",
            )
        prompt.append_text(marked(hit.title, "bold"))
        prompt.append("\n")
        prompt.append_text(marked(hit.snippet, "dim"))
        return prompt

    def action_move(self, step: int) -> None:
        move_highlight(self.query_one(OptionList), step)

    def on_input_submitted(self) -> None:
        results = self.query_one(OptionList)
        if results.highlighted is not None and self.hits:
            self.open(self.hits[results.highlighted])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.open(self.hits[event.option_index])

    def open(self, hit: Hit) -> None:
        if hit.kind == "claim":
            self.reviewer_app.open_reader(hit.record, at=hit.key)
        else:
            self.reviewer_app.open_record(hit.key)

    def action_back(self) -> None:
        self.reviewer_app.pop_screen()
