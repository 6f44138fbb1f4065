from reviewer.text.display import displayable, one_line


def test_control_characters_become_visible_one_for_one():
    source = "a\x1b[31mred\x1b[0m\x07\x00\x7f\x9b\tend"
    shown = displayable(source)
    assert len(shown) == len(source)
    assert "\x1b" not in shown
    assert shown == "a␛[31mred␛[0m␇␀␡\ufffd end"


def test_line_ends_stay_in_place():
    assert displayable("a\r\nb\rc\n") == "a  b␍c "


def test_wide_right_to_left_and_combining_characters_are_kept():
    text = "漢字 שלום e\u0301 👍"
    assert displayable(text) == text


def test_one_line_flattens_and_truncates():
    assert one_line(" a\n b\x1b ", 10) == "a b␛"
    assert one_line("abcdefghijkl", 5) == "abcd…"
