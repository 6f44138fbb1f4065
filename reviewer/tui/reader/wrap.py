"""Word-wrap a text into screen lines, keeping each line's character offsets."""

from __future__ import annotations

import bisect
import re

from rich.cells import cell_len

_TOKEN = re.compile(r"\S+\s*|\s+")


def wrap(text: str, shown: str, width: int) -> list[tuple[int, int]]:
    """(start, end) offsets of each screen line of `text` wrapped to `width` cells.

    `shown` is the displayable form of `text` (same length) and is what gets measured.
    The line break that ends a paragraph belongs to that paragraph's last line, so the
    cursor can rest on it.
    """
    width = max(width - 1, 1)  # keep one cell for the line break or a trailing space
    lines: list[tuple[int, int]] = []
    start = 0
    while True:
        newline = text.find("\n", start)
        end = len(text) if newline == -1 else newline
        _wrap_paragraph(shown, start, end, width, lines)
        if newline == -1:
            return lines
        last_start, last_end = lines[-1]
        lines[-1] = (last_start, last_end + 1)
        start = newline + 1


def _wrap_paragraph(shown: str, start: int, end: int, width: int, lines: list) -> None:
    line_start, cells = start, 0
    for token in _TOKEN.finditer(shown, start, end):
        word = token.group().rstrip()
        word_cells = cell_len(word)
        if cells and cells + word_cells > width:
            lines.append((line_start, token.start()))
            line_start, cells = token.start(), 0
        if word_cells > width:  # a word longer than the line: break it anywhere
            for offset, char in enumerate(word, token.start()):
                char_cells = cell_len(char)
                if cells and cells + char_cells > width:
                    lines.append((line_start, offset))
                    line_start, cells = offset, 0
                cells += char_cells
            cells += cell_len(token.group()) - word_cells
        else:
            cells += cell_len(token.group())
    lines.append((line_start, end))


def line_of(lines: list[tuple[int, int]], starts: list[int], pos: int) -> int:
    """The index of the screen line that holds offset `pos`."""
    return max(0, bisect.bisect_right(starts, pos) - 1) if lines else 0


def offset_at_column(shown: str, line: tuple[int, int], column: int) -> int:
    """The offset in `line` that sits at screen `column` (or the line's last offset)."""
    start, end = line
    cells = 0
    for pos in range(start, end):
        cells += cell_len(shown[pos])
        if cells > column:
            return pos
    return max(start, end - 1)
