"""How a Markdown source reads as formatted text while it stays the source: spans of headings,
emphasis, code and the Markdown syntax itself, as offsets into the source. The Reader draws them
(headings bold, syntax dimmed) over the very characters of the file, so a claim's offsets and
quote are the file's own, as anchors must be.

markdown-it-py (CommonMark) finds the blocks and their lines; inline emphasis and code are found
in the lines of each paragraph, heading and list item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["heading", "strong", "emphasis", "code", "syntax"]

STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(r"(?<![*_\w])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![*_\w])")
CODE = re.compile(r"(`+)([^`\n]+?)\1")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+")
BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
BLOCK_QUOTE = re.compile(r"^\s*(?:>\s?)+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: Kind


def markdown_spans(source: str) -> list[Span]:
    """Formatting spans over `source`, in order of start."""
    from markdown_it import MarkdownIt  # only for Markdown sources

    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    spans: list[Span] = []
    for token in MarkdownIt("commonmark").parse(source):
        if token.map is None:
            continue
        first, last = token.map
        block = range(first, min(last, len(lines)))
        if token.type == "heading_open":
            for number in block:
                _line_spans(spans, lines[number], starts[number], heading=True)
        elif token.type in ("fence", "code_block"):
            spans.append(Span(starts[first], starts[min(last, len(lines))], "code"))
        elif token.type == "inline":
            for number in block:
                _line_spans(spans, lines[number], starts[number], heading=False)
    return sorted(set(spans), key=lambda s: (s.start, s.end))


def _line_spans(spans: list[Span], line: str, at: int, heading: bool) -> None:
    text = line.rstrip("\r\n")
    for pattern in (HEADING, BLOCK_QUOTE, BULLET):
        match = pattern.match(text)
        if match and match.end() > 0:
            spans.append(Span(at + match.start(), at + match.end(), "syntax"))
    if heading:
        spans.append(Span(at, at + len(text), "heading"))
    inline: tuple[tuple[re.Pattern, Kind], ...] = ((STRONG, "strong"), (EMPHASIS, "emphasis"), (CODE, "code"))
    for pattern, kind in inline:
        for match in pattern.finditer(text):
            marker = len(match.group(1))
            spans.append(Span(at + match.start(), at + match.end(), kind))
            spans.append(Span(at + match.start(), at + match.start() + marker, "syntax"))
            spans.append(Span(at + match.end() - marker, at + match.end(), "syntax"))
