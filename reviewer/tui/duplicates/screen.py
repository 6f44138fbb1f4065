"""Duplicates: groups of records that look like one study; keep one per group with a key."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from reviewer.domain.decision import ADJUDICATOR, FULL_TEXT, TITLE_ABSTRACT, UNDECIDED, latest_decisions
from reviewer.duplicates.groups import DuplicateGroup, every_group, most_complete, open_groups, settle
from reviewer.text.display import one_line
from reviewer.text.names import cited_authors
from reviewer.tui.widgets.key_hints import KeyHints
from reviewer.tui.widgets.screen import ReviewerScreen

ABSTRACT_PREVIEW = 240


class DuplicatesScreen(ReviewerScreen):
    BINDINGS = [
        Binding("1", "keep(1)", "Keep", key_display="1-9"),
        *(Binding(str(n), f"keep({n})", f"Keep {n}", show=False) for n in range(2, 10)),
        Binding("0", "keep(10)", "Keep 10", show=False),
        Binding("d,enter", "keep(1)", "Keep the first read"),
        Binding("x", "distinct", "Not duplicates"),
        Binding("a", "all_groups", "Settled too"),
        Binding("j,down", "move(1)", "Next group"),
        Binding("k,up", "move(-1)", "Previous", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[DuplicateGroup] = []
        self.position = 0
        self.settled = 0
        self.with_settled = False  # `a`: the groups settled before too, to see or settle again
        self.words: dict[tuple[str, ...], dict] = {}  # group -> the latest word on it

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Looking for duplicates…"), id="duplicates-summary")
        with VerticalScroll(id="duplicates-group"):
            yield Static(id="duplicates-records")
        yield KeyHints()

    def on_mount(self) -> None:
        self.sub_title = "Duplicates"
        self.find_groups()

    @work(thread=True, exit_on_error=False, exclusive=True)
    def find_groups(self) -> None:
        """Comparing thousands of titles takes a moment: off the UI thread."""
        review = self.reviewer_app.review
        team = self.reviewer_app.read_team()
        groups = every_group(review) if self.with_settled else open_groups(review, team)
        self.reviewer_app.call_from_thread(self._found, groups, team.resolutions)

    def _found(self, groups: list[DuplicateGroup], words: dict[tuple[str, ...], dict]) -> None:
        self.groups, self.words, self.position = groups, words, 0
        self.show()

    def action_all_groups(self) -> None:
        self.with_settled = not self.with_settled
        self.notify("settled groups shown too" if self.with_settled else "open groups only", markup=False, timeout=2)
        self.find_groups()

    def show(self) -> None:
        summary = self.query_one("#duplicates-summary", Static)
        body = self.query_one("#duplicates-records", Static)
        if not self.groups:
            shown = "groups" if self.with_settled else "open groups"
            summary.update(Text(f"No {shown} of duplicates ({self.settled} settled now; a: settled ones too)."))
            body.update("")
            return
        group = self.groups[self.position]
        word = self.words.get(group.key)
        settled = (
            ""
            if word is None
            else f" · settled by {word['reviewer']}: "
            + (f"kept {group.records.index(word['keep']) + 1}" if word["keep"] in group.records else "not duplicates")
        )
        summary.update(
            Text(
                f"Group {self.position + 1:,} of {len(self.groups):,} · same {group.reason}{settled} · "
                f"{self.settled} settled now · a digit keeps that record (0: the 10th), the others are set aside"
            )
        )
        text = Text()
        review = self.reviewer_app.review
        present = [record for r in group.records if (record := review.record(r)) is not None]
        suggested = most_complete(present) if present else None
        yours = latest_decisions(d for d in self.reviewer_app.store.decisions() if d.role != ADJUDICATOR)
        for number, record_id in enumerate(group.records, 1):
            record = review.record(record_id)
            text.append(f"{number}  ", style="bold")
            if record is None:
                text.append(f"{one_line(record_id)} (no longer in the corpus)\n\n", style="dim")
                continue
            text.append(one_line(record.shown_title), style="bold")
            marks = ["read first: d keeps it"] * (number == 1) + ["suggested: the most complete"] * (
                record_id == suggested
            )
            text.append(f"  ({'; '.join(marks)})\n" if marks else "\n", style="green")
            details = [
                cited_authors(record.authors, 3),
                str(record.year or ""),
                record.journal,
                record.id,
                record.source,
            ]
            text.append("   " + one_line(" · ".join(d for d in details if d)) + "\n", style="italic")
            decided = [
                f"{yours[(record_id, stage)].decision} at {stage}"
                for stage in (TITLE_ABSTRACT, FULL_TEXT)
                if (record_id, stage) in yours and yours[(record_id, stage)].decision != UNDECIDED
            ]
            if decided:  # a decision on a copy set aside counts on the one kept
                text.append("   you: " + "; ".join(decided) + "\n", style="bold")
            if record.abstract:
                text.append("   " + one_line(record.abstract, ABSTRACT_PREVIEW) + "\n", style="dim")
            text.append("\n")
        body.update(text)

    def _settle(self, keep: str | None) -> None:
        group = self.groups.pop(self.position)
        settle(self.reviewer_app.store, group, keep)
        self.reviewer_app.review_changed()
        self.settled += 1
        self.position = min(self.position, max(0, len(self.groups) - 1))
        self.show()

    def action_keep(self, number: int) -> None:
        if self.groups and number <= len(self.groups[self.position].records):
            self._settle(self.groups[self.position].records[number - 1])

    def action_distinct(self) -> None:
        if self.groups:
            self._settle(None)

    def action_move(self, step: int) -> None:
        if self.groups:
            self.position = max(0, min(self.position + step, len(self.groups) - 1))
            self.show()

    def action_back(self) -> None:
        self.reviewer_app.pop_screen()
