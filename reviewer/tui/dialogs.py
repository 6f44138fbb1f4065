"""Small modal dialogs: a one-line prompt, and a fuzzy-filtered picker."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


class PromptDialog(ModalScreen[str | None]):
    """Ask for one line of text: enter gives it back, escape gives None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._title, self._value, self._placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._title), classes="dialog-title")
            yield Input(value=self._value, placeholder=self._placeholder, select_on_focus=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    detail: str = ""
    colour: str | None = None


class PickerDialog(ModalScreen[str | None]):
    """Pick one choice: type to filter (typo-tolerant), arrows to move, enter to pick."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(self, title: str, choices: list[Choice]) -> None:
        super().__init__()
        self._title = title
        self._choices = {choice.key: choice for choice in choices}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._title), classes="dialog-title")
            yield Input(placeholder="type to filter")
            yield OptionList(*self._options(list(self._choices.values())))

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def _options(self, choices: list[Choice]) -> list[Option]:
        options = []
        for choice in choices:
            prompt = Text()
            if choice.colour:
                prompt.append("■ ", style=choice.colour)
            prompt.append(choice.label, style="bold")
            if choice.detail:
                prompt.append(f"  {choice.detail}", style="dim")
            options.append(Option(prompt, id=choice.key))
        return options

    def matching(self, query: str) -> list[Choice]:
        """The choices that match `query`, best first; all of them for an empty query."""
        if not query.strip():
            return list(self._choices.values())
        names = {key: f"{c.label} {c.key}" for key, c in self._choices.items()}
        found = process.extract(
            query, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=None, score_cutoff=50
        )
        return [self._choices[key] for _, _, key in found]

    def on_input_changed(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(self.matching(event.value)))
        options.highlighted = 0 if options.option_count else None

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def on_input_submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
