"""Source text is data: markup and escape codes in it are shown, never obeyed; names as cited."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.text.names import cited, cited_authors
from reviewer.tui.library.record_list import RecordList
from tests.conftest import make_app, screen_text

HOSTILE = (
    "[bold]x[/bold] and [@click=app.quit]y[/] here.\n"
    "Colour \x1b[31mred\x1b[0m, a title \x1b]0;pwned\x07, a bell\x07 and a NUL\x00.\n"
)


async def test_markup_and_escape_codes_in_a_source_show_literally(review):
    for other in review.corpus_dir.iterdir():
        other.unlink()
    (review.corpus_dir / "hostile.txt").write_bytes(HOSTILE.encode("utf-8"))
    app = make_app(review)
    async with app.run_test(size=(120, 30)) as pilot:
        table = pilot.app.screen.query_one(RecordList)
        assert table.row_text(0)[0] == "[bold]x[/bold] and [@click=app.quit]y[/] here."
        await pilot.press("enter")
        shown = screen_text(app)
        assert "[bold]x[/bold] and [@click=app.quit]y[/] here." in shown
        assert "Colour ␛[31mred␛[0m, a title ␛]0;pwned␇, a bell␇ and a NUL␀." in shown
        # what the terminal is sent is these cells: no control character among them
        assert not any(ord(c) < 32 and c != "\n" for c in shown)
        # Tagging it shows the quote literally in the claims panel too, and the app keeps running.
        await pilot.press("v", "dollar_sign", "1")
        await pilot.pause()
        assert "[bold]x[/bold] and [@click=app.quit]y[/]" in screen_text(app)
        assert app.is_running
        view = app.screen.source
        assert not any(segment.style and segment.style.bold and "x" == segment.text for segment in view.render_line(0))


@pytest.mark.parametrize(
    ("written", "cited_as"),
    [
        ("Smith, John A", "Smith, J. A."),
        ("Kallmes DF", "Kallmes, D. F."),
        ("Kallmes D.F.", "Kallmes, D. F."),
        ("L J Warshaw", "Warshaw, L. J."),
        ("Jean-Paul Sartre", "Sartre, J.-P."),
        ("de la Cruz M", "de la Cruz, M."),
        ("Madonna", "Madonna"),
    ],
)
def test_authors_are_cited_surname_first_with_initials(written, cited_as):
    assert cited(written) == cited_as


def test_authors_are_separated_unambiguously():
    assert cited_authors(("Kallmes DF", "Comstock BA", "Jarvik JG"), 2) == "Kallmes, D. F.; Comstock, B. A. et al."


@given(st.lists(st.from_regex(r"[A-Z][a-z]{1,10}", fullmatch=True), min_size=1, max_size=3))
def test_citing_never_loses_a_surname(names):
    written = " ".join(names)
    assert cited(written).startswith(names[-1]) or cited(written) == written
