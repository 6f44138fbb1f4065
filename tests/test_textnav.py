import bisect
import re

from hypothesis import given
from hypothesis import strategies as st

from reviewer.review.folder import bundled_corpus
from reviewer.text import navigation as textnav
from tests.conftest import ADJACENT, CAVEAT_SENTENCE

TEXT = 'Dr. Smith met J. Jones. They agreed (mostly). "Why?" she asked.\nA headline\nNext line.'


def test_sentences_skip_abbreviations_and_initials():
    sentences = [TEXT[s:e] for s, e in textnav.sentence_spans(TEXT)]
    assert sentences == [
        "Dr. Smith met J. Jones.",
        "They agreed (mostly).",
        '"Why?" she asked.',
        "A headline",
        "Next line.",
    ]


def test_sentence_at_a_position_inside_it():
    text = (bundled_corpus() / ADJACENT).read_text(encoding="utf-8")
    inside = text.index("absolute proof")
    start, end = textnav.sentence_at(text, inside)
    assert text[start:end] == CAVEAT_SENTENCE


def test_sentence_motions():
    second = TEXT.index("They")
    assert textnav.next_sentence(TEXT, 0) == second
    assert textnav.previous_sentence(TEXT, second) == 0
    assert textnav.previous_sentence(TEXT, second + 3) == second


def test_word_motions():
    text = "one, two  three"
    assert textnav.next_word(text, 0) == 3  # the comma is a word of its own, as in vim
    assert textnav.next_word(text, 3) == 5
    assert textnav.previous_word(text, 10) == 5
    assert textnav.word_end(text, 0) == 2
    assert textnav.word_end(text, 2) == 3
    assert textnav.next_word(text, 10) == len(text)


@given(st.text(alphabet="ab .,\n(!é", max_size=300), st.integers(min_value=0, max_value=300))
def test_word_motions_found_around_the_cursor_match_a_full_scan(text, pos):
    """Words are found near the cursor (a 50 MB text is never listed whole): the same answer."""
    pos = min(pos, len(text))
    starts = [m.start() for m in re.finditer(r"\w+|[^\w\s]+", text)]
    after = bisect.bisect_right(starts, pos)
    before = bisect.bisect_left(starts, pos)
    assert textnav.next_word(text, pos) == (starts[after] if after < len(starts) else len(text))
    assert textnav.previous_word(text, pos) == (starts[before - 1] if before > 0 else 0)
