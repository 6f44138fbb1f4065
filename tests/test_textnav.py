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
