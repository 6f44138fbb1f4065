"""The lines of a large text, a block at a time.

`text.splitlines()` on a 200 MB export makes millions of strings at once (300 MB more at
the peak of an import); this yields the same lines from 1 MB blocks. A block always ends
just after a "\\n", so no line and no "\\r\\n" is ever cut in two.
"""

from __future__ import annotations

from collections.abc import Iterator

BLOCK_CHARS = 1 << 20


def lines_of(text: str, keepends: bool = False) -> Iterator[str]:
    """What `text.splitlines(keepends)` gives, without holding every line at once."""
    start = 0
    while start < len(text):
        cut = text.find("\n", start + BLOCK_CHARS)
        end = len(text) if cut == -1 else cut + 1
        yield from text[start:end].splitlines(keepends)
        start = end
