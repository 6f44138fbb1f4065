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


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ019 .,;:-'`()/{}%")), max_size=60))
def test_bibtex_grouping_braces_read_as_pylatexenc_reads_them(value):
    """Fields whose only LaTeX is grouping braces skip pylatexenc (it reads ~12,000 characters
    a second): the shortcut gives what it gives, when the braces balance."""
    from pylatexenc.latex2text import LatexNodes2Text

    from reviewer.formats.bibtex import _Decoder

    if "{" not in value:
        return  # no LaTeX at all: read as written, by both
    depth = 0
    for character in value:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return
    if depth:
        return
    assert _Decoder([]).decoded(value, "x.bib:1") == LatexNodes2Text().latex_to_text(value)


def test_a_bibtex_file_heavy_with_latex_reads_within_its_budget():
    """Fields of LaTeX just under the size limit took minutes and gigabytes (#28.11): each file
    decodes at most FILE_BUDGET characters of LaTeX; the rest are kept as written, and said."""
    from reviewer.formats.bibtex import DECODE_LIMIT, FILE_BUDGET

    unit = "\\'{e}t\\\"{o} "
    field = unit * ((DECODE_LIMIT - 10) // len(unit))
    entries = "".join(f"@article{{k{n},\n title={{T{n}}},\n abstract={{{field}}}\n}}\n" for n in range(40))
    result = bibtex.read(entries, "heavy.bib")
    assert len(result.records) == 40
    decoded = [r for r in result.records if "é" in r.abstract]
    assert 0 < len(decoded) <= FILE_BUDGET // (DECODE_LIMIT - 10)
    assert sum("past the file's LaTeX budget" in w for w in result.warnings) == 40 - len(decoded)
