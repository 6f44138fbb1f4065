"""How stages and decisions are named and marked on every screen that shows them."""

from __future__ import annotations

from reviewer.domain.decision import EXCLUDE, FULL_TEXT, INCLUDE, MAYBE, TITLE_ABSTRACT, UNDECIDED

STAGE_NAMES = {TITLE_ABSTRACT: "Title/abstract", FULL_TEXT: "Full text"}
MARKS = {INCLUDE: "✔ include", EXCLUDE: "✘ exclude", MAYBE: "? maybe", UNDECIDED: "· undecided"}
MARK_STYLES = {INCLUDE: "bold green", EXCLUDE: "bold red", MAYBE: "bold yellow", UNDECIDED: "dim"}
