"""Small modal dialogs: a one-line prompt, and a fuzzy-filtered picker."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reviewer.text.display import one_line
from reviewer.text.fuzzy import rank

# A typed text scoring below this against every choice is more likely a new choice.
STRONG_MATCH = 86.0
_NEW = "\x00new:"  # the id of the option that adds what was typed as a new choice


def move_highlight(options: OptionList, step: int) -> None:
    """Move an option list's highlight while the focus stays in an input above it (wrapping)."""
    if options.option_count:
        options.highlighted = ((options.highlighted or 0) + step) % options.option_count


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
class PickerItem:
    key: str
    label: str
    detail: str = ""
    colour: str | None = None


class PickerDialog(ModalScreen[str | None]):
    """Pick one choice: type to filter (typo-tolerant), arrows to move, enter to pick.

    With `numbered`, each of the first nine choices is shown with its digit, and typing the
    digit picks it; 0 picks the choice whose key is "" (such as "no reason"). With `allow_new`, text that matches no
    choice exactly is offered as a new one.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(self, title: str, choices: list[PickerItem], numbered: bool = False, allow_new: bool = False) -> None:
        super().__init__()
        self._title = title
        self._choices = {choice.key: choice for choice in choices}
        self._numbered = numbered
        self._allow_new = allow_new
        keyed = [key for key in self._choices if key]
        self._digits = {key: str(n) for n, key in enumerate(keyed[:9], 1)} | ({"": "0"} if "" in self._choices else {})

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._title), classes="dialog-title")
            yield Input(placeholder="type to filter" + (", or a digit" if self._numbered else ""))
            yield OptionList(*self._options(list(self._choices.values())))

    def on_mount(self) -> None:
        # query, not query_one: a dialog asked for as the app quits is mounted without its children
        for options in self.query(OptionList):
            options.highlighted = 0

    def _options(self, choices: list[PickerItem]) -> list[Option]:
        options = []
        for choice in choices:
            prompt = Text()
            if self._numbered:
                prompt.append(f"{self._digits.get(choice.key, ' ')}  ", style="bold")
            if choice.colour:
                prompt.append("■ ", style=choice.colour)
            prompt.append(one_line(choice.label), style="bold")  # labels come from review.toml
            if choice.detail:
                prompt.append(f"  {one_line(choice.detail)}", style="dim")
            options.append(Option(prompt, id=choice.key))
        return options

    def matching(self, query: str) -> list[tuple[PickerItem, float]]:
        """The choices that match `query` with their scores (0-100), best first."""
        if not query.strip():
            return [(choice, 100.0) for choice in self._choices.values()]
        names = {key: f"{c.label} {c.key}" for key, c in self._choices.items()}
        return [(self._choices[key], score) for key, score in rank(query, names)]

    def _picked_by_digit(self, typed: str) -> bool:
        """Dismiss with the choice `typed` (one digit) names; False when it names none."""
        if not (self._numbered and len(typed) == 1 and typed.isdigit()):
            return False
        numbered = [key for key in self._choices if key]
        number = int(typed)
        if number == 0 and "" in self._choices:
            self.dismiss("")
            return True
        if 1 <= number <= len(numbered):
            self.dismiss(numbered[number - 1])
            return True
        return False

    def on_key(self, event: events.Key) -> None:
        """A digit typed before the filter has the focus (straight after the key that opened
        the dialog) picks its choice too: it was lost, and what followed became a filter."""
        if not isinstance(self.focused, Input) and event.character and self._picked_by_digit(event.character):
            event.stop()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._picked_by_digit(event.value):
            return
        options = self.query_one(OptionList)
        options.clear_options()
        matches = self.matching(event.value)
        options.add_options(self._options([choice for choice, _ in matches]))
        options.highlighted = 0 if options.option_count else None
        typed = " ".join(event.value.split())
        if self._allow_new and typed and typed.casefold() not in {k.casefold() for k in self._choices}:
            options.add_option(Option(Text(f"+ add “{typed}” as a new one"), id=_NEW + typed))
            if not matches or matches[0][1] < STRONG_MATCH:  # nothing close: adding is likelier
                options.highlighted = options.option_count - 1

    def action_move(self, step: int) -> None:
        move_highlight(self.query_one(OptionList), step)

    def on_input_submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._pick(options.get_option_at_index(options.highlighted).id or "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id or "")

    def _pick(self, key: str) -> None:
        self.dismiss(key.removeprefix(_NEW))

    def action_cancel(self) -> None:
        self.dismiss(None)
