"""Asking for an exclusion reason: number keys, fuzzy typing, or a new reason for the team."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from reviewer.text.display import one_line
from reviewer.tui.widgets.dialogs import PickerDialog, PickerItem
from reviewer.tui.widgets.screen import reviewer_app

TEAM, ONCE = "team", "once"


def ask_exclusion_reason(screen: Screen, then: Callable[[str], None]) -> None:
    """Show the reason picker; call `then(reason)` ("" for none) unless it is cancelled.

    A reason typed that the review does not have yet is asked about first: added to
    review.toml for the whole team, or given on this record only.
    """
    review = reviewer_app(screen).review
    config = review.config
    choices = [PickerItem(reason, reason) for reason in config.exclusion_reasons]
    if not config.reasons_required:
        choices.append(PickerItem("", "(no reason)"))

    def chosen(reason: str | None) -> None:
        if reason is None:
            return
        reason = reason.strip()
        if not reason or reason in config.exclusion_reasons:
            then(reason)
            return

        def decided(how: str | None) -> None:
            if how is None:
                return
            if how == TEAM and review.add_exclusion_reason(reason):
                screen.notify(f"Added exclusion reason for the team: {one_line(reason, 60)}", markup=False)
            then(reason)

        shown = one_line(reason, 50)
        ways = [
            PickerItem(TEAM, f"add “{shown}” for the whole team"),
            PickerItem(ONCE, "on this record only"),
        ]
        screen.app.push_screen(PickerDialog("A new exclusion reason", ways, numbered=True), decided)

    title = "Exclude: why?" + ("" if config.reasons_required else " (0: no reason)")
    screen.app.push_screen(PickerDialog(title, choices, numbered=True, allow_new=True), chosen)
