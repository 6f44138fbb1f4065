"""Inclusion and exclusion keywords from review.toml, found in titles and abstracts."""

from __future__ import annotations

import re


def keyword_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """One case-insensitive pattern for whole words or phrases; None for no keywords."""
    words = tuple(w for w in words if w.strip())
    if not words:
        return None
    alternatives = "|".join(re.escape(w.strip()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def keyword_count(pattern: re.Pattern | None, text: str) -> int:
    return len(pattern.findall(text)) if pattern is not None else 0
