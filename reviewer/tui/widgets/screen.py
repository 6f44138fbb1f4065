"""The base of the app's screens: the one typed way from a screen to the app and its review."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode
from textual.screen import Screen

if TYPE_CHECKING:
    from reviewer.tui.app import ReviewerApp


def reviewer_app(node: DOMNode) -> ReviewerApp:
    """The running ReviewerApp, typed (Textual types `node.app` as any App)."""
    return cast("ReviewerApp", node.app)


class ReviewerScreen(Screen[None]):
    @property
    def reviewer_app(self) -> ReviewerApp:
        return reviewer_app(self)
