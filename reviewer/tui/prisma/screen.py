"""PRISMA (`P`): the review's PRISMA 2020 flow diagram, from the same counts as `reviewer stats`."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from reviewer.export.prisma_flow import to_text
from reviewer.tui.widgets.key_hints import KeyHints
from reviewer.tui.widgets.screen import ReviewerScreen


class PrismaScreen(ReviewerScreen):
    BINDINGS = [
        Binding("r", "refresh", "Refresh"),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(Text("Counting…"), id="prisma-flow")
        yield KeyHints()

    def on_mount(self) -> None:
        self.sub_title = "PRISMA 2020 flow"
        self.action_refresh()

    def action_refresh(self) -> None:
        self.count()

    @work(thread=True, exit_on_error=False, exclusive=True, group="prisma")
    def count(self) -> None:
        """Every reviewer's file is read off the UI thread."""
        app = self.reviewer_app
        state = app.read_state()
        app.call_from_thread(self._counted, state.prisma(), state.blind)

    def _counted(self, counts: dict[str, Any], blind: bool) -> None:
        flow = to_text(counts)
        if blind:
            flow += (
                "\n(blind review: counted from your own decisions and the adjudicators' settlements; "
                "adjudicators see the team's)\n"
            )
        flow += "\nreviewer prisma --format svg -o prisma.svg writes it for the paper (also png, pdf, html, md, txt)."
        self.query_one("#prisma-flow", Static).update(Text(flow))

    def action_back(self) -> None:
        self.app.pop_screen()
