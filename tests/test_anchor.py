from hypothesis import given
from hypothesis import strategies as st

from reviewer.annotating.anchor import anchor_span, locate
from reviewer.annotating.placing import new_claim, reanchor
from reviewer.domain.claim import ANCHORED, ORPHANED
from reviewer.review.folder import bundled_corpus
from tests.conftest import ADJACENT, CAVEAT_SENTENCE

TEXT = (bundled_corpus() / ADJACENT).read_text(encoding="utf-8")
START = TEXT.index(CAVEAT_SENTENCE)
END = START + len(CAVEAT_SENTENCE)


def tagged():
    return new_claim("file:x", "alice", TEXT, START, END, tags=("caveat",))


def test_unchanged_text_keeps_the_claim_as_it_is():
    claim = tagged()
    assert reanchor(claim, TEXT) is claim


def test_text_inserted_before_the_span_moves_the_offsets():
    edited = "EDITOR'S NOTE: this story was updated.\n\n" + TEXT
    moved = reanchor(tagged(), edited)
    assert moved.status == ANCHORED
    assert edited[moved.start : moved.end] == CAVEAT_SENTENCE
    assert moved.start == START + len("EDITOR'S NOTE: this story was updated.\n\n")


def test_a_slightly_changed_span_is_found_by_fuzzy_matching():
    changed_sentence = CAVEAT_SENTENCE.replace("absolute proof", "definitive proof")
    edited = TEXT.replace(CAVEAT_SENTENCE, changed_sentence)
    moved = reanchor(tagged(), edited)
    assert moved.status == ANCHORED
    assert edited[moved.start : moved.end] == changed_sentence
    assert moved.exact == changed_sentence


def test_a_removed_span_is_orphaned_and_keeps_its_quote():
    edited = TEXT.replace(CAVEAT_SENTENCE, "")
    orphan = reanchor(tagged(), edited)
    assert orphan.status == ORPHANED
    assert orphan.exact == CAVEAT_SENTENCE
    assert orphan.tags == ("caveat",)


def test_an_orphan_that_comes_back_is_attached_again():
    orphan = reanchor(tagged(), TEXT.replace(CAVEAT_SENTENCE, ""))
    restored = reanchor(orphan, "Preface.\n" + TEXT)
    assert restored.status == ANCHORED
    assert restored.start == START + len("Preface.\n")


def test_a_repeated_quote_is_placed_by_its_context():
    text = "The drug helped. Placebo: the drug helped. Then the drug helped again."
    second = text.index("the drug helped", 20)
    anchor = anchor_span(text, second, second + len("the drug helped"))
    edited = "Intro. " + text
    placement = locate(edited, anchor)
    assert placement.method == "quote"
    assert placement.start == second + len("Intro. ")


@given(
    st.text(min_size=1, max_size=300),
    st.data(),
    st.text(max_size=50),
)
def test_any_span_is_found_again_after_text_is_inserted_before_it(text, data, inserted):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    anchor = anchor_span(text, start, end)
    assert locate(text, anchor).start == start
    placement = locate(inserted + text, anchor)
    assert (inserted + text)[placement.start : placement.end] == text[start:end]
