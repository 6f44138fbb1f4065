"""The evidence table as one self-contained HTML file, rendered from the Markdown export."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from reviewer.export import markdown
from reviewer.text.display import one_line

if TYPE_CHECKING:
    from reviewer.review.folder import Review
    from reviewer.team.claims import ClaimEntry
    from reviewer.team.state import ReviewState


STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { border-bottom: 2px solid #444; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
blockquote { border-left: 4px solid #f9a825; margin: 0.5rem 0; padding: 0.2rem 1rem; background: #fafafa; }
code { background: #eee; padding: 0 0.2rem; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; }
"""


def _colour_quotes_by_tag(review: Review, tokens: list) -> None:
    """Each quote's bar in the colour of the tag whose section (a level-2 heading) holds it."""
    colours = {tag.label: tag.colour for tag in review.config.tags}
    colour = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            label = tokens[index + 1].content.rsplit(" (", 1)[0]
            colour = colours.get(label)
        elif token.type == "blockquote_open" and colour is not None:
            token.attrSet("style", f"border-left-color: {colour}")


def write(review: Review, state: ReviewState, entries: list[ClaimEntry]) -> str:
    return page(f"Evidence table: {review.name}", markdown.write(review, state, entries), review)


def page(title: str, text: str, review: Review | None = None) -> str:
    """One self-contained HTML file of Markdown `text` (whose source text is already inert and
    escaped); with `review`, each quote's bar in its tag's colour."""
    # imported when used: markdown-it adds 50 ms to every start of the app
    from markdown_it import MarkdownIt

    # "commonmark" with html off: any HTML that reached the Markdown is shown, not run.
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(text)
    if review is not None:
        _colour_quotes_by_tag(review, tokens)
    body = parser.renderer.render(tokens, parser.options, {})
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(one_line(title))}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
