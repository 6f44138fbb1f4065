"""Make source text safe to show in a terminal, one character for one character.

Control characters (ESC above all, which starts terminal escape sequences) are shown as
visible Unicode "control pictures" instead of being sent to the terminal, and bidirectional
overrides as a replacement character. The mapping
keeps every character at its offset, so cursor positions and claim offsets in the
displayed text are offsets in the source text.
"""

from __future__ import annotations

import json
import re
from typing import Any

_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_CONTROL_PICTURES[0x7F] = "\u2421"  # ␡
_CONTROL_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})  # C1 controls
_CONTROL_PICTURES[0x09] = " "  # a tab shows as one space (offsets must stay 1:1)
_CONTROL_PICTURES[0x0A] = " "  # a line break shows as the blank cell at a line's end
# Bidirectional embeddings, overrides and isolates reorder what follows them on the line
# (a "Trojan Source" quote could read as something else): shown, not obeyed.
_CONTROL_PICTURES.update({code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})

_TRANSLATION = str.maketrans(_CONTROL_PICTURES)


def displayable(text: str) -> str:
    """`text` with every control character replaced by a visible stand-in.

    A carriage return that ends a line (CRLF) becomes a blank, as does the line break itself.
    """
    return text.replace("\r\n", " \n").translate(_TRANSLATION)


def one_line(text: str, limit: int | None = None) -> str:
    """`text` flattened to one displayable line (for titles, notes and table cells)."""
    if limit is not None:
        text = text[: limit * 4 + 16]  # a 10 MB line is never flattened whole to show 60 cells
    flat = " ".join(displayable(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: limit - 1] + "…"
    return flat


def p_text(p: float) -> str:
    """ "= 0.034", "= 0.0098", "< 0.001": two significant digits, never a rounded 0.010 < 0.010;
    as the Screening screen, `end-screening`, `rank` and the report all write a p-value."""
    return "< 0.001" if p < 0.001 else f"= {p:.2g}"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """ "1 result", "2 results", "1,204 conflicts": a count with its noun in the right number."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


# What a document may keep (tabs and line breaks) and what it never carries raw: C0 and C1
# controls (ESC starts an escape sequence; U+009B is one in one character; U+0085 breaks a line
# for some readers) and bidirectional controls.
_INERT = str.maketrans({code: picture for code, picture in _CONTROL_PICTURES.items() if code not in (0x09, 0x0A)})
_UNSAFE_IN_JSON = re.compile("[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """`text` for a document that a terminal or a reader may show (Markdown, HTML, CSV): every
    control character but tab and line break replaced by a visible stand-in, offsets kept."""
    return text.replace("\r\n", "\n").translate(_INERT)


def safe_json(value: Any, **options: Any) -> str:
    """JSON of `value`, exact (its strings keep every character), and inert on a terminal:
    C1 controls, line and paragraph separators and bidirectional controls are written as
    \\u escapes, as JSON already writes ESC and the other C0 controls."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # no XML document may hold these


def xml_text(text: str) -> str:
    """`text` (made inert first) as an XML document can hold it: a noncharacter or a lone
    surrogate becomes the replacement mark."""
    return _NOT_XML.sub("\ufffd", text)
