"""Property tests: no input makes a reader crash or invent records."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer import formats
from reviewer.formats import bibtex, medline, ris, table
from tests.conftest import FIXTURES

READERS = [ris.read, medline.read, bibtex.read, table.read]
REAL_FILES = sorted(p.read_bytes() for p in FIXTURES.iterdir())


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from(READERS))
def test_any_text_reads_without_crashing(text, reader):
    result = reader(text, "fuzz.txt")
    for record in result.records:
        assert record.id and record.source == "fuzz.txt"
    for warning in result.warnings:
        assert warning.startswith("fuzz.txt")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(REAL_FILES), st.data())
def test_mutated_real_exports_never_crash_the_import(tmp_path_factory, original, data):
    mutated = bytearray(original)
    for _ in range(data.draw(st.integers(1, 20))):
        position = data.draw(st.integers(0, max(0, len(mutated) - 1)))
        action = data.draw(st.sampled_from(["flip", "delete", "insert", "cut"]))
        if action == "flip" and mutated:
            mutated[position] = data.draw(st.integers(0, 255))
        elif action == "delete" and mutated:
            del mutated[position]
        elif action == "insert":
            mutated[position:position] = data.draw(st.binary(min_size=1, max_size=8))
        elif action == "cut":
            del mutated[position:]
    path = tmp_path_factory.mktemp("fuzz") / "mutated.ris"
    path.write_bytes(bytes(mutated))
    try:
        result = formats.read_file(path, "mutated.ris")
    except formats.UnreadableFile:  # refused with a message naming the file: no crash
        return
    assert all(record.id for record in result.records)
    # never more records than lines, or than <record> elements in an XML export on one line
    assert len(result.records) <= max(1, bytes(mutated).count(b"\n") + 1, bytes(mutated).count(b"<record>"))
