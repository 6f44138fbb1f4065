"""Full texts attached to records: PDFs (their text layer), HTML pages (their text), plain
text and Markdown (as they are), read into one shape the Reader, `reviewer text` and the
exports share."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from reviewer.formats.pdf import FullText, read_pdf

__all__ = ["FullText", "read_full_text"]

BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}
HIDDEN = {"script", "style", "head", "noscript", "template"}


def read_full_text(path: Path, source: str) -> FullText:
    from reviewer.formats import decode  # the package's decoder, shared with the importers

    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return read_pdf(path, source)
    content, warning = decode(path.read_bytes())
    warnings = (f"{source}: {warning}",) if warning else ()
    if suffix in (".html", ".htm"):
        return FullText(html_text(content), (), warnings, {})
    return FullText(content, (), warnings, {})


class _TextOfPage(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in HIDDEN:
            self._hidden += 1
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_text(content: str) -> str:
    """The text a browser shows of an HTML page, a blank line between blocks (the standard
    library's parser; scripts and styles left out; markup never interpreted further)."""
    parser = _TextOfPage()
    parser.feed(content)
    parser.close()
    paragraphs = ("".join(parser.parts)).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
