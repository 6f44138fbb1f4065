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
        found = next((option for option in options if option.casefold() == text.strip().casefold()), None)
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
        raise FormError(f"form {self.key!r} has no field {key!r} (its fields: {self.field_list()})")

    def field_list(self) -> str:
        return ", ".join(field.key for field in self.fields)


def read_forms(data: dict, source_text: str, where: str) -> tuple[Form, ...]:
    """The `[[forms]]` of a parsed review.toml (`data`); a mistake is a FormError naming the
    file's line (found in `source_text`) and what is wrong."""
    entries = data.get("forms", [])
    if not isinstance(entries, list):
        raise FormError(f"{where}: forms must be a list of [[forms]] tables")
    forms = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise FormError(f"{where}: form {number} is not a table")
        key = str(entry.get("key", ""))
        at = f"{where}:{_line_of(source_text, key, 'key')}: form {key or number}"
        if not _KEY.match(key):
            raise FormError(f"{at}: key must be letters, digits, '_' or '-', not {key!r}")
        fields = tuple(_field(source_text, where, key, raw) for raw in _list(entry.get("fields", []), at))
        if not fields:
            raise FormError(f"{at}: a form needs at least one [[forms.fields]]")
        _unique([field.key for field in fields], at)
        forms.append(Form(key, str(entry.get("label", key)), fields, str(entry.get("stage", ""))))
    _unique([form.key for form in forms], where)
    return tuple(forms)


def _field(source_text: str, where: str, form: str, raw: object, section: str = "") -> Field:
    if not isinstance(raw, dict):
        raise FormError(f"{where}: form {form}: a field is not a table")
    key = str(raw.get("key", ""))
    at = f"{where}:{_line_of(source_text, key, 'key')}: form {form}, field {key or '?'}"
    if not _KEY.match(key):
        raise FormError(f"{at}: key must be letters, digits, '_' or '-', not {key!r}")
    kind = str(raw.get("type", "text"))
    if kind not in TYPES:
        raise FormError(f"{at}: type {kind!r} is not one of {', '.join(TYPES)}")
    choices = tuple(str(c) for c in _list(raw.get("choices", []), at))
    if kind in ("choice", "multiple") and not choices:
        raise FormError(f"{at}: a {kind} field needs choices = [...]")
    inner = tuple(_field(source_text, where, form, f) for f in _list(raw.get("fields", []), at))
    if kind == "group" and not inner:
        raise FormError(f"{at}: a group needs its own [[forms.fields.fields]]")
    _unique([f.key for f in inner], at)
    return Field(
        key,
        str(raw.get("label", key)),
        kind,
        choices,
        str(raw.get("help", "")),
        str(raw.get("section", section)),
        inner,
    )


def _list(value: object, at: str) -> list:
    if not isinstance(value, list):
        raise FormError(f"{at}: expected a list, got {value!r}")
    return value


def _unique(keys: list[str], at: str) -> None:
    seen = {key for key in keys if keys.count(key) > 1}
    if seen:
        raise FormError(f"{at}: the key {sorted(seen)[0]!r} is used twice")


def _line_of(text: str, value: str, name: str) -> int:
    """The line of review.toml where `name = "value"` is written (1 when it cannot be found)."""
    pattern = re.compile(rf"^\s*{name}\s*=\s*[\"']{re.escape(value)}[\"']", re.MULTILINE)
    match = pattern.search(text) if value else None
    return text.count("\n", 0, match.start()) + 1 if match else 1
