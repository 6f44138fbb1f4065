"""A large export's lines, read a block at a time, are exactly `str.splitlines()`'s."""

from hypothesis import given
from hypothesis import strategies as st

from reviewer.formats import lines

PIECES = st.sampled_from(["TY  - JOUR", "a", " ", "\n", "\r", "\r\n", "\x0c", "\u2028", "é", "\x85"])


@given(st.lists(PIECES, max_size=60).map("".join), st.booleans())
def test_lines_of_a_text_are_those_of_splitlines(text, keepends):
    original = lines.BLOCK_CHARS
    lines.BLOCK_CHARS = 5  # many blocks even in a short text, cut everywhere they can be
    try:
        assert list(lines.lines_of(text, keepends)) == text.splitlines(keepends)
    finally:
        lines.BLOCK_CHARS = original
