"""Cue words, compiled once: the rules of causal.py and tagging.py are lists of them."""

from __future__ import annotations

import re


def any_of(*alternatives: str) -> re.Pattern[str]:
    """Any of `alternatives` (each may hold several, with |), from the start of a word, in any case."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")", re.IGNORECASE)
