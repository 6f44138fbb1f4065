"""The Reader's form panel: a form's fields beside the text, two lines each (the field, then
your answer with the quote it cites), answered by keys and drawn only when on screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from reviewer.extraction.forms import Field
from reviewer.tui.widgets.cursor_list import CursorList


@dataclass(frozen=True)
class FieldRow:
    """A line of the form: a field, or one row's field of a repeating group (`results.2.n`)."""

    key: str
    field: Field
    heading: str  # what the row is called on screen ("2.1 Were participants aware…", "results 2 · n")


class FormPanel(CursorList):
    """A form's fields; the Reader answers the one under the cursor.

    | Key(s) | Description |
    | :- | :- |
    | enter | Go to the answer's quote; with none, type the answer. |
    | c | Type (change) the answer. |
    | 1-9 | Pick that choice of a choice field. |
    | x | Clear the answer. |

    Messages: `FormPanel.Asked` with what was asked of the field under the cursor;
    `FormPanel.Moved` when the cursor is on another field.
    """

    LINES_PER_ITEM = 2
    BINDINGS = [
        Binding("enter", "choose", "Quote or answer"),
        Binding("c", "ask('type')", "Type answer"),
        Binding("x,delete", "ask('clear')", "Clear answer"),
        *(Binding(str(n), f"ask('{n}')", f"Choice {n}", show=False) for n in range(1, 10)),
    ]

    class Asked(Message):
        """`what` is "enter", "type", "clear" or a choice's number, for `row`."""

        def __init__(self, panel: FormPanel, row: FieldRow, what: str) -> None:
            super().__init__()
            self.panel = panel
            self.row = row
            self.what = what

        @property
        def control(self) -> FormPanel:
            return self.panel

    class Moved(Message):
        """The cursor is on `row`: the Reader says its whole question (the panel cuts it)."""

        def __init__(self, row: FieldRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, describe: Callable[[FieldRow], list[Text]], **kwargs: Any) -> None:
        """`describe` gives a row's two lines, asked for only when drawn."""
        super().__init__(**kwargs)
        self._describe = describe
        self.rows: Sequence[FieldRow] = []
        self._described: dict[str, list[Text]] = {}

    @property
    def item_count(self) -> int:
        return len(self.rows)

    @property
    def current(self) -> FieldRow | None:
        return self.rows[self.cursor] if self.cursor is not None and self.cursor < len(self.rows) else None

    def set_rows(self, rows: Sequence[FieldRow]) -> None:
        """The rows anew (after an answer: a group's next row appears); the cursor stays on its key."""
        key = self.current.key if self.current else None
        self.rows = rows
        self._described = {}
        self.items_changed()
        keys = [row.key for row in rows]
        self.cursor = keys.index(key) if key in keys else (0 if rows else None)

    def watch_cursor(self, old: int | None, new: int | None) -> None:
        super().watch_cursor(old, new)
        if self.current is not None:
            self.post_message(self.Moved(self.current))

    def render_line(self, y: int) -> Strip:
        return self.item_line(y, self._lines_of)

    def _lines_of(self, number: int) -> list[Text]:
        row = self.rows[number]
        if row.key not in self._described:
            self._described[row.key] = self._describe(row)
        return self._described[row.key]

    def choose(self, index: int) -> None:
        self.post_message(self.Asked(self, self.rows[index], "enter"))

    def action_ask(self, what: str) -> None:
        if self.current is not None:
            self.post_message(self.Asked(self, self.current, what))


def rows_of(fields: Sequence[Field], answered: set[str]) -> list[FieldRow]:
    """The panel's rows: each field, those of a section together (a domain's judgement after its
    questions); a group's rows as answered, then one more to start a new row."""
    sections = list(dict.fromkeys(field.section for field in fields))
    rows = []
    for field in sorted(fields, key=lambda field: sections.index(field.section)):
        if field.type != "group":
            rows.append(FieldRow(field.key, field, f"{field.key}  {field.label}"))
            continue
        numbers = sorted({int(key.split(".")[1]) for key in answered if key.startswith(field.key + ".")})
        for number in [*numbers, (numbers[-1] if numbers else 0) + 1]:
            rows += [
                FieldRow(f"{field.key}.{number}.{inner.key}", inner, f"{field.key} {number} · {inner.label}")
                for inner in field.fields
            ]
    return rows
