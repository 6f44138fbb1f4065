"""Inclusion and exclusion keywords highlighted in titles and abstracts, as Rayyan does."""

from __future__ import annotations

import re

from rich.text import Text

from reviewer.text.display import one_line

INCLUDE_STYLE = "bold #1b5e20 on #c8e6c9"
EXCLUDE_STYLE = "bold #b71c1c on #ffcdd2"


def highlighted(text: str, include: re.Pattern | None, exclude: re.Pattern | None, style: str = "") -> Text:
    """`text` as literal, displayable Text, with keywords marked in two colours."""
    shown = Text(one_line(text), style=style)
    for pattern, keyword_style in ((include, INCLUDE_STYLE), (exclude, EXCLUDE_STYLE)):
        if pattern is not None:
            shown.highlight_regex(pattern, keyword_style)
    return shown
