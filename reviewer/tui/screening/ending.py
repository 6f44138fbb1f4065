"""Ending title-abstract screening from Screening (`E`), on the stopping aid's word, or taking
the end back: asked first, with what the aid says and how many records it marks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer.domain.errors import ReviewerError
from reviewer.screening.stage_end import end_stage, may_end, reopen, team_estimate, unscreened
from reviewer.text.display import counted, one_line
from reviewer.tui.widgets.dialogs import PickerDialog, PickerItem

if TYPE_CHECKING:
    from reviewer.ranking.stopping import StoppingEstimate
    from reviewer.team.state import ReviewState
    from reviewer.tui.widgets.screen import ReviewerScreen


def end_or_reopen(screen: ReviewerScreen) -> None:
    """Ask to end the stage, or to reopen it: on the review's state read afresh in a worker
    (every decision made in Screening since the last read included; the aid loads SciPy)."""
    app = screen.reviewer_app

    def ask_the_aid() -> None:
        state = app.read_state()
        if not may_end(state, app.store.slug):
            who = ", ".join(app.review.config.adjudicators) or "its adjudicators"
            app.call_from_thread(screen.notify, f"In a team, the adjudicators ({who}) end a stage", markup=False)
            return
        found = None if state.stage_end is not None else team_estimate(state)
        app.call_from_thread(_ask, screen, state, found)

    screen.run_worker(ask_the_aid, thread=True, exit_on_error=False, group="stage-end")


def _ask(screen: ReviewerScreen, state: ReviewState, found: StoppingEstimate | None) -> None:
    app = screen.reviewer_app
    if found is None:
        title = f"Reopen title-abstract screening? {counted(len(state.marked_by_rule), 'record')} undecided again"
        items = [PickerItem("yes", "Reopen it", "the marks of the stopping rule are taken back, kept in the file")]
    elif not unscreened(state):
        screen.notify("Every record is decided at title-abstract: nothing is left to end early", markup=False)
        return
    elif not found.safe_to_stop:
        screen.notify(one_line(f"The stopping aid has not shown the target reached: {found.summary}"), markup=False)
        return
    else:
        left = len(unscreened(state))
        title = f"End title-abstract screening? {found.summary}"
        mark = f"Mark the {counted(left, 'record')} nobody decided as excluded by the stopping rule"
        items = [PickerItem("yes", mark)]
    items.append(PickerItem("no", "Go on screening"))

    def answered(choice: str | None) -> None:
        if choice != "yes":
            return
        try:
            done = reopen(state, app.store) if found is None else end_stage(state, app.store)
        except ReviewerError as error:
            screen.notify(str(error), severity="warning", markup=False)
            return
        app.review_changed()
        marked = counted(len(done.records), "record")
        said = "reopened" if found is None else f"ended: {marked} marked by the stopping rule"
        screen.notify(f"Title-abstract screening {said}", markup=False)

    app.push_screen(PickerDialog(one_line(title, 110), items, numbered=True), answered)
