"""The command palette (ctrl+p): screens, actions, and records by title, fuzzy-matched."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from reviewer.search.index import MARK_END, MARK_START, SearchIndexDamaged
from reviewer.text.display import one_line
from reviewer.tui.widgets.screen import reviewer_app

RECORDS_SHOWN = 12


class ReviewerCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = reviewer_app(self.screen)
        return [
            ("Library", "all records", partial(app.switch_to_library)),
            ("Screening", "one record at a time, one key per decision", app.open_screening),
            ("Claims", "every tagged claim", app.open_claims),
            ("Conflicts", "records the reviewers decided differently", app.open_conflicts),
            ("Extraction", "fields the reviewers answered differently", app.open_extraction),
            ("Duplicates", "the same study from different databases", app.open_duplicates),
            ("PRISMA", "the PRISMA 2020 flow diagram", app.open_prisma),
            ("Search", "records and claims", app.action_search),
            ("Keys", "show or hide the keys of this screen", app.action_toggle_keys),
        ]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        app = reviewer_app(self.screen)
        index = app.search_index
        if index is None or not query.strip():
            return
        try:
            hits = index.search(f"kind:record in:title {query}", limit=RECORDS_SHOWN, typing=True)
        except SearchIndexDamaged:
            app.search_index_damaged(index)
            return
        for rank, hit in enumerate(hits):
            title = one_line(hit.title.replace(MARK_START, "").replace(MARK_END, ""), 90)
            yield Hit(
                0.5 - rank / 100,
                Text(title),
                partial(app.open_record, hit.key),
                help=f"record {hit.key}",
            )
