"""Anchor a span of text so it can be found again after the text changes.

The anchor follows the W3C Web Annotation model: a TextQuoteSelector (`exact` with
`prefix`/`suffix` context) and a TextPositionSelector (`start`/`end`). Locating tries the
position, then the exact quote (the occurrence whose context fits best), then a fuzzy
match of the quote with rapidfuzz; when all fail the span is orphaned, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT_CHARS = 32
# A fuzzy match must score at least this (0-100) to count as the same passage.
FUZZY_MIN_SCORE = 85.0
# ...or at least this when the prefix and suffix around it still agree this well.
FUZZY_WITH_CONTEXT_MIN_SCORE = 70.0
CONTEXT_MIN_SCORE = 75.0
# Quotes shorter than this are too generic to place by fuzzy matching.
FUZZY_MIN_LENGTH = 12


@dataclass(frozen=True)
class Anchor:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Placement:
    """Where an anchor was found, and by which rule ("position", "quote" or "fuzzy")."""

    start: int
    end: int
    method: str


def anchor_span(text: str, start: int, end: int) -> Anchor:
    """The anchor of `text[start:end]`."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is outside a text of {len(text)} characters")
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
    )


def locate(text: str, anchor: Anchor) -> Placement | None:
    """Find `anchor` in `text`; None when it cannot be found (the span is orphaned)."""
    if not anchor.exact:
        return None
    if text[anchor.start : anchor.end] == anchor.exact:
        return Placement(anchor.start, anchor.end, "position")
    found = _best_exact_occurrence(text, anchor)
    if found is not None:
        return Placement(found, found + len(anchor.exact), "quote")
    return _fuzzy_placement(text, anchor)


def _occurrences(text: str, needle: str) -> list[int]:
    positions, index = [], text.find(needle)
    while index != -1:
        positions.append(index)
        index = text.find(needle, index + 1)
    return positions


def _context_score(text: str, anchor: Anchor, start: int, end: int) -> float:
    """How well the text around start-end matches the anchor's prefix and suffix (0-100)."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return (fuzz.ratio(before, anchor.prefix) + fuzz.ratio(after, anchor.suffix)) / 2


def _best_exact_occurrence(text: str, anchor: Anchor) -> int | None:
    positions = _occurrences(text, anchor.exact)
    if not positions:
        return None
    # Best context first; among equals, the one nearest the old position.
    return max(
        positions,
        key=lambda p: (
            _context_score(text, anchor, p, p + len(anchor.exact)),
            -abs(p - anchor.start),
        ),
    )


def _fuzzy_placement(text: str, anchor: Anchor) -> Placement | None:
    """The passage most like the quote, snapped to word edges, if it is close enough.

    rapidfuzz finds the best window of the quote's length; the window's edges are then
    moved to nearby word boundaries to fit a passage that grew or shrank. A passage that
    is less alike still counts when its surrounding context agrees.
    """
    if len(anchor.exact) < FUZZY_MIN_LENGTH:
        return None
    window = fuzz.partial_ratio_alignment(anchor.exact, text)
    if window is None:
        return None
    slack = max(8, len(anchor.exact) // 4)
    starts = _word_starts(text, window.dest_start - slack, window.dest_start + slack)
    ends = _word_ends(text, window.dest_end - slack, window.dest_end + slack)
    best_score, best = 0.0, None
    for start in starts:
        for end in ends:
            if end - start < FUZZY_MIN_LENGTH // 2:
                continue
            score = fuzz.ratio(anchor.exact, text[start:end])
            if score > best_score:
                best_score, best = score, (start, end)
    if best is None:
        return None
    if best_score >= FUZZY_MIN_SCORE or (
        best_score >= FUZZY_WITH_CONTEXT_MIN_SCORE
        and _context_score(text, anchor, best[0], best[1]) >= CONTEXT_MIN_SCORE
    ):
        return Placement(best[0], best[1], "fuzzy")
    return None


_WORD_START = re.compile(r"(?<!\S)\S")
_WORD_END = re.compile(r"\S(?!\S)")


def _word_starts(text: str, low: int, high: int) -> list[int]:
    low, high = max(0, low), min(len(text), high)
    return [m.start() for m in _WORD_START.finditer(text, low, high)] or [low]


def _word_ends(text: str, low: int, high: int) -> list[int]:
    low, high = max(0, low), min(len(text), high)
    return [m.end() for m in _WORD_END.finditer(text, low, high)] or [high]
