"""A record as a reviewer reads it while screening: title, authors, year, journal, keywords,
abstract; inclusion and exclusion keywords highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from reviewer.config import ReviewConfig
from reviewer.display_text import one_line
from reviewer.records import Record
from reviewer.tui.keywords import highlighted, keyword_pattern

AUTHORS_SHOWN = 6


class RecordCard(VerticalScroll):
    def __init__(self, config: ReviewConfig, **kwargs) -> None:
        super().__init__(**kwargs)
        self._include = keyword_pattern(config.include_keywords)
        self._exclude = keyword_pattern(config.exclude_keywords)

    def compose(self) -> ComposeResult:
        yield Static(id="record-title")
        yield Static(id="record-meta")
        yield Static(id="record-keywords")
        yield Static(id="record-abstract")

    def show(self, record: Record | None, empty: str = "") -> None:
        """Draw `record` (only text updates: no widgets are made), or `empty` for none."""
        title, meta, keywords, abstract = (
            self.query_one(f"#record-{part}", Static) for part in ("title", "meta", "keywords", "abstract")
        )
        if record is None:
            title.update(Text(empty, style="bold"))
            for widget in (meta, keywords, abstract):
                widget.update("")
            return
        title.update(highlighted(record.title or "(no title)", self._include, self._exclude, "bold"))
        authors = ", ".join(record.authors[:AUTHORS_SHOWN]) + (" et al." if len(record.authors) > AUTHORS_SHOWN else "")
        details = [part for part in (authors, str(record.year or ""), record.journal, record.id) if part]
        meta.update(Text(one_line(" · ".join(details)), style="italic"))
        keywords.update(
            highlighted("Keywords: " + "; ".join(record.keywords), self._include, self._exclude, "dim")
            if record.keywords
            else ""
        )
        abstract.update(
            highlighted(record.abstract, self._include, self._exclude)
            if record.abstract
            else Text("(no abstract)", style="dim")
        )
        self.scroll_home(animate=False)
