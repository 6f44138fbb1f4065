"""Word and sentence boundaries, for moving a cursor through a text by keyboard."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

_WORD = re.compile(r"\w+|[^\w\s]+")
# A sentence ends at . ! or ? (and any closing quotes or brackets), before white space
# and a capital letter, a quote or an opening bracket; or at the end of a line.
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z])|\n")
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof sr jr st vs etc al fig figs no nos vol eq ref approx ca cf e.g i.e".split()
)


# Words are found around the cursor, never listed for the whole text: a 50 MB text has
# millions of them (a list of their starts took 400 MB and seconds to make).
_LOOK_BACK = 256


def next_word(text: str, pos: int) -> int:
    """The start of the first word after `pos`, or the end of the text."""
    here = _WORD.match(text, pos)  # the rest of the word `pos` is in, if any
    following = _WORD.search(text, here.end() if here else pos + 1)
    return following.start() if following else len(text)


def previous_word(text: str, pos: int) -> int:
    """The start of the word before `pos` (or of the word `pos` is inside)."""
    window = _LOOK_BACK
    while True:
        low = max(0, pos - window)
        starts = [m.start() + low for m in _WORD.finditer(text[low:pos])]
        if low == 0 or len(starts) > 1:  # the first may be cut by the window: not trusted alone
            break
        window *= 4
    return starts[-1] if starts else 0


def word_end(text: str, pos: int) -> int:
    """The last character of the first word that ends after `pos` (vim's `e`)."""
    for match in _WORD.finditer(text, pos):
        if match.end() - 1 > pos:
            return match.end() - 1
    return max(0, len(text) - 1)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, without surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group() != "\n" and _ends_with_abbreviation(text, match.start()):
            continue
        end = match.start() if match.group() == "\n" else match.end()
        _add_trimmed(text, start, end, spans)
        start = match.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


def sentence_at(text: str, pos: int) -> tuple[int, int] | None:
    """The sentence that holds `pos`, or the next one when `pos` is between sentences."""
    spans, _, ends = _sentences(text)
    index = bisect.bisect_right(ends, pos)
    return spans[index] if index < len(spans) else (spans[-1] if spans else None)


def sentence_end(text: str, pos: int) -> int:
    """The last character of the sentence `pos` is in (or of the next one, when `pos` is on it
    or between sentences): where a selection extended by sentence stops, its full stop included
    and the next sentence's first letter not."""
    spans, _, ends = _sentences(text)
    index = bisect.bisect_right(ends, pos + 1)
    return spans[index][1] - 1 if index < len(spans) else max(0, len(text) - 1)


def next_sentence(text: str, pos: int) -> int:
    """The start of the first sentence that starts after `pos`, or the end of the text."""
    _, starts, _ = _sentences(text)
    index = bisect.bisect_right(starts, pos)
    return starts[index] if index < len(starts) else len(text)


def previous_sentence(text: str, pos: int) -> int:
    """The start of the sentence before `pos` (or of the one `pos` is inside)."""
    _, starts, _ = _sentences(text)
    index = bisect.bisect_left(starts, pos)
    return starts[index - 1] if index > 0 else 0


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"(\S+)$", text[max(0, dot - 12) : dot])
    if word is None:
        return False
    token = word.group(1).lstrip("(\"'“‘").lower()
    single_initial = len(token) == 1 and token.isalpha()
    return single_initial or token in _ABBREVIATIONS


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """The text's sentences, and their starts and ends apart (for bisection): made once per text."""
    spans = sentence_spans(text)
    return spans, [start for start, _ in spans], [end for _, end in spans]


_CLAUSE_BREAK = re.compile(
    r"\s*[,;:–—]\s+|\s+(?=(?:but|whereas|although|though|while|which|and that)\b)", re.IGNORECASE
)


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the sentence `start`..`end` (split at commas, semicolons, colons, dashes
    and "but", "whereas", "although"…), trimmed; the whole sentence when it has one."""
    spans: list[tuple[int, int]] = []
    low = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        _add_trimmed(text, low, match.start(), spans)
        low = match.end()
    _add_trimmed(text, low, end, spans)
    return spans or [(start, end)]
