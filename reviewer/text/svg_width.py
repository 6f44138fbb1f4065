"""How wide a line of text is drawn in an SVG of ours, at most: the PRISMA diagram and the
risk-of-bias plots size their boxes and strips from it, so no text runs past its box. An
estimate that errs wide (no font is measured), per character: wide letters, narrow ones, capitals
and digits, lower case, East Asian wide characters."""

from __future__ import annotations

import unicodedata

_NARROW, _WIDE = set("ijlrtfI.,;:'!|()[]{} -/"), set("MWmw@%")


def text_width(text: str, size: float) -> float:
    """A line's width in pixels, at most, at font size `size`, bold or not."""
    return size * sum(_em(c) for c in text)


def _em(char: str) -> float:
    if unicodedata.east_asian_width(char) in "WF":
        return 1.05
    if char in _WIDE:
        return 1.15
    if char in _NARROW:
        return 0.45
    if char.isupper() or char.isdigit():
        return 0.8
    return 0.7 if char.islower() else 1.0
