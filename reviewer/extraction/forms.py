"""Extraction forms: what a team asks of each included study, defined in `review.toml`.

A form has fields, grouped in sections; a field has a key, a label, a type and optional help.
A `group` field repeats: its answer is rows, each row answering the group's own fields (one row
per outcome and arm, say). The risk-of-bias tools are built in (`rob2`, `robins-i`: see their
modules); the PICO and outcomes forms are templates a team adds with `reviewer forms --add`.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from typing import Any

from reviewer.domain.decision import STAGES
from reviewer.domain.errors import ReviewerError

TYPES = ("text", "integer", "number", "choice", "multiple", "yes-no", "date", "group")
YES_NO = ("yes", "no", "unclear")
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # no ".": it joins a group, its row and a field


class FormError(ReviewerError):
    """A form, a field or an answer is not right; the message says which and why."""


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str = "text"
    choices: tuple[str, ...] = ()
    help: str = ""
    section: str = ""
    fields: tuple[Field, ...] = ()  # a group's own fields, answered once per row

    @property
    def options(self) -> tuple[str, ...]:
        """What may be picked: the choices, or yes / no / unclear."""
        return YES_NO if self.type == "yes-no" else self.choices

    def value_of(self, text: str) -> Any:
        """`text`, as typed, made this field's value; FormError says why it cannot be."""
        text = text.strip()
        if not text:
            return None
        if self.type == "integer":
            if not re.fullmatch(r"[-+]?\d+", text.replace(",", "")):
                raise FormError(f"{self.label}: a whole number, not {text!r}")
            return int(text.replace(",", ""))
        if self.type == "number":
            try:
                number = float(text.replace(",", ""))
            except ValueError:
                raise FormError(f"{self.label}: a number, not {text!r}") from None
            if not math.isfinite(number):
                raise FormError(f"{self.label}: a finite number, not {text!r}")
            return number
        if self.type in ("choice", "yes-no"):
            return self._option(text)
        if self.type == "multiple":
            return [self._option(part) for part in text.split(";") if part.strip()]
        if self.type == "date":
            try:
                return datetime.date.fromisoformat(text).isoformat()
            except ValueError:
                raise FormError(f"{self.label}: a date as YYYY-MM-DD, not {text!r}") from None
        if self.type == "group":
            raise FormError(f"{self.label}: a repeating group is answered row by row (FIELD.ROW.KEY)")
        return text

    def _option(self, text: str) -> str:
        """A choice by its text (any case) or its number in the list (1 for the first)."""
        options = self.options
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1]
        wanted = text.strip().casefold()
        if self.type == "yes-no":
            wanted = {"y": "yes", "n": "no", "u": "unclear"}.get(wanted, wanted)
        found = next((option for option in options if option.casefold() == wanted), None)
        if found is None:
            raise FormError(f"{self.label}: {text!r} is not one of {', '.join(options)}")
        return found


@dataclass(frozen=True)
class Form:
    key: str
    label: str
    fields: tuple[Field, ...]
    stage: str = ""  # the screening stage whose included records the app offers it for ("" any)
    tool: str = ""  # "rob2" or "robins-i" for the built-in risk-of-bias tools

    def field(self, key: str) -> Field:
        """The field answered under `key`; a group's row field is `group.ROW.key` (`outcomes.1.n`)."""
        head, _, rest = key.partition(".")
        for field in self.fields:
            if field.key == key:
                return field
            if field.type == "group" and field.key == head:
                row, _, inner = rest.partition(".")
                found = next((f for f in field.fields if f.key == inner), None)
                if row.isdigit() and int(row) >= 1 and found is not None:
                    return found
        group = next((f for f in self.fields if f.type == "group" and f.key == head), None)
        if group is not None:
            inner_keys = ", ".join(f.key for f in group.fields)
            raise FormError(f"{key!r}: a row of {head} is {head}.ROW.FIELD, rows from 1, FIELD one of {inner_keys}")
        raise FormError(f"form {self.key!r} has no field {key!r} (its fields: {self.field_list()})")

    def field_list(self) -> str:
        return ", ".join(field.key for field in self.fields)


def read_forms(data: dict, source_text: str, where: str) -> tuple[Form, ...]:
    """The `[[forms]]` of a parsed review.toml (`data`); a mistake is a FormError naming the
    file's line (found in `source_text` by the tables' places) and what is wrong."""
    entries = data.get("forms", [])
    if not isinstance(entries, list):
        raise FormError(f"{where}: forms must be a list of [[forms]] tables")
    lines = _Lines(source_text, where)
    forms: list[Form] = []
    for number, entry in enumerate(entries, 1):
        block = lines.table("forms", number, lines.whole)
        if not isinstance(entry, dict):
            raise FormError(f"{lines.at(block)}: form {number} is not a table")
        key = str(entry.get("key", ""))
        at = f"{lines.at(block, 'key')}: form {key or number}"
        if not _KEY.match(key):
            raise FormError(f"{at}: key must be letters, digits, '_' or '-', not {key!r}")
        if any(form.key == key for form in forms):
            raise FormError(f"{at}: the form key {key!r} is used twice")
        stage = str(entry.get("stage", ""))
        if stage not in ("", *STAGES):
            raise FormError(
                f"{lines.at(block, 'stage')}: form {key}: stage {stage!r} is not one of {', '.join(STAGES)}"
            )
        fields: tuple[Field, ...] = ()
        for n, raw in enumerate(_list(entry.get("fields", []), at), 1):
            fields += (_field(lines, lines.table("forms.fields", n, block), key, raw, fields),)
        if not fields:
            raise FormError(f"{at}: a form needs at least one [[forms.fields]]")
        forms.append(Form(key, str(entry.get("label", key)), fields, stage))
    return tuple(forms)


def _field(lines: _Lines, block: tuple[int, int], form: str, raw: object, outer: tuple[Field, ...] = ()) -> Field:
    if not isinstance(raw, dict):
        raise FormError(f"{lines.at(block)}: form {form}: a field is not a table")
    key = str(raw.get("key", ""))
    at = f"{lines.at(block, 'key')}: form {form}, field {key or '?'}"
    if not _KEY.match(key):
        raise FormError(f"{at}: key must be letters, digits, '_' or '-', not {key!r}")
    kind = str(raw.get("type", "text"))
    if kind not in TYPES:
        raise FormError(
            f"{lines.at(block, 'type')}: form {form}, field {key}: type {kind!r} is not one of {', '.join(TYPES)}"
        )
    choices = tuple(str(c) for c in _list(raw.get("choices", []), f"{lines.at(block, 'choices')}: field {key}"))
    if kind in ("choice", "multiple") and not choices:
        raise FormError(f"{at}: a {kind} field needs choices = [...]")
    if len(set(choices)) < len(choices):
        raise FormError(f"{lines.at(block, 'choices')}: form {form}, field {key}: a choice is listed twice")
    inner: tuple[Field, ...] = ()
    for n, inner_raw in enumerate(_list(raw.get("fields", []), at), 1):
        inner += (_field(lines, lines.table("forms.fields.fields", n, block), form, inner_raw, inner),)
    if kind == "group" and not inner:
        raise FormError(f"{at}: a group needs its own [[forms.fields.fields]]")
    if any(field.key == key for field in outer):
        raise FormError(f"{at}: the field key {key!r} is used twice in the form")
    return Field(
        key,
        str(raw.get("label", key)),
        kind,
        choices,
        str(raw.get("help", "")),
        str(raw.get("section", "")),
        tuple(inner),
    )


def _list(value: object, at: str) -> list:
    if not isinstance(value, list):
        raise FormError(f"{at}: expected a list, got {value!r}")
    return value


class _Lines:
    """Where the tables of review.toml's forms are, by line, to name the line of a mistake:
    the nth `[[forms]]`, the nth `[[forms.fields]]` within it, and a setting within those."""

    def __init__(self, text: str, where: str) -> None:
        self.rows = text.splitlines()
        self.where = where
        self.whole = (0, len(self.rows))

    def table(self, name: str, number: int, within: tuple[int, int]) -> tuple[int, int]:
        """Lines [start, end) of the `number`th `[[name]]` within `within`, up to the next table
        at its level or above."""
        header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
        level = name.count(".")
        starts = [i for i in range(*within) if header.match(self.rows[i])]
        if number > len(starts):
            return within
        start = starts[number - 1]
        end = next((i for i in range(start + 1, within[1]) if _ends(self.rows[i], level)), within[1])
        return start, end

    def at(self, block: tuple[int, int], name: str = "") -> str:
        """`file:line` of `name = ...` in the block (its own lines, not a nested table's), else
        of the block's header."""
        setting = re.compile(rf"^\s*{re.escape(name)}\s*=") if name else None
        for i in range(*block):
            if i > block[0] and _table_level(self.rows[i]) is not None:
                break
            if setting is not None and setting.match(self.rows[i]):
                return f"{self.where}:{i + 1}"
        return f"{self.where}:{block[0] + 1}"


def _ends(row: str, level: int) -> bool:
    """Whether `row` is a table header at `level` or above (it ends a table of that level)."""
    found = _table_level(row)
    return found is not None and found <= level


def _table_level(row: str) -> int | None:
    """How deep a table header is ([[forms]] 0, [[forms.fields]] 1, [other] 0); None for no header."""
    match = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]", row)
    return match.group(1).count(".") if match else None
