"""The base of the app's screens: the one typed way from a screen to the app and its review."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import Worker

from reviewer.tui.widgets.failures import report_failed_worker

if TYPE_CHECKING:
    from reviewer.tui.app import ReviewerApp


def reviewer_app(node: DOMNode) -> ReviewerApp:
    """The running ReviewerApp, typed (Textual types `node.app` as any App)."""
    return cast("ReviewerApp", node.app)


class ReviewerScreen(Screen[None]):
    @property
    def reviewer_app(self) -> ReviewerApp:
        return reviewer_app(self)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)
