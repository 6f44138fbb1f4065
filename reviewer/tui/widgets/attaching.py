"""Attaching full texts from the app (`A` in the Library and in Screening): ask for the files,
attach them in a worker with a progress bar, say how each was matched, and let the reviewer
link each unmatched file to its record with a fuzzy picker."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static

from reviewer.domain.record import Record
from reviewer.importing.attach import Attachment, attach
from reviewer.text.display import one_line
from reviewer.text.names import cited
from reviewer.tui.widgets.dialogs import PickerDialog, PickerItem, PromptDialog
from reviewer.tui.widgets.screen import reviewer_app

PICKER_LIMIT = 5000  # more records than this: the nearest titles only (and `reviewer attach --to`)


def ask_to_attach(node: DOMNode, done: Callable[[], None], current: str | None = None) -> None:
    """Ask for the files to attach, then attach them; `done` runs once all is settled.
    `current`, the record on screen, is offered first for a file that matches none."""
    app = reviewer_app(node)
    if app.review.is_sample:
        app.notify("The bundled sample takes no full texts: create a review with reviewer init", markup=False)
        return

    def given(paths: str | None) -> None:
        if not paths or not paths.strip():
            return
        try:
            files = [Path(p).expanduser() for p in shlex.split(paths)]
        except ValueError as error:
            app.notify(f"Could not read those paths: {error}", severity="error", markup=False)
            return
        app.push_screen(AttachDialog(files, current), lambda _: done())

    app.push_screen(PromptDialog("Attach full texts: PDF, .txt, .md, .html (paths separated by spaces)"), given)


class AttachDialog(ModalScreen[list[Attachment]]):
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, files: list[Path], current: str | None = None) -> None:
        super().__init__()
        self.files = files
        self.current = current  # the record on screen, offered first to link a file by hand
        self.attachments: list[Attachment] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Attaching {len(self.files)} file{'s' * (len(self.files) != 1)}"), classes="dialog-title")
            yield ProgressBar(total=len(self.files), show_eta=False, id="attach-progress")
            yield Static(id="attach-results")

    def on_mount(self) -> None:
        self.run_attach()

    @work(thread=True, exit_on_error=False, exclusive=True, group="attach")
    def run_attach(self) -> None:
        app = reviewer_app(self)
        bar = self.query_one(ProgressBar)

        def progress(done: int, total: int) -> None:
            app.call_from_thread(bar.update, progress=done, total=total)

        kept = app.state.kept_instead if app.state is not None else {}  # a copy set aside passes its file on
        attachments = attach(app.review, self.files, progress=progress, kept_instead=kept)
        app.call_from_thread(self._attached, attachments)

    def _attached(self, attachments: list[Attachment]) -> None:
        self.attachments = attachments
        self._show()
        self._link_next()

    def _show(self) -> None:
        lines = []
        for attachment in self.attachments:
            name = Path(attachment.file).name
            if attachment.record is not None:
                state = "attached" if attachment.changed else "already attached"
                lines.append(
                    one_line(f"{name}: {state} to {attachment.title or attachment.record} ({attachment.how_said})", 160)
                )
            elif attachment.how == "refused":
                lines.append(one_line(attachment.problem, 160))
            else:
                lines.append(one_line(f"{name}: unmatched", 160))
        linked = sum(a.record is not None for a in self.attachments)
        lines.append(f"{linked} of {len(self.attachments)} attached · escape closes")
        self.query_one("#attach-results", Static).update(Text("\n".join(lines)))

    def _link_next(self) -> None:
        """Offer the first unmatched file to be linked by hand (escape skips it)."""
        unmatched = [a for a in self.attachments if a.how == "unmatched"]
        if not unmatched:
            return
        attachment = unmatched[0]
        app = reviewer_app(self)
        records = app.review.records()
        by_id = {r.id: r for r in records}
        first = [self.current] if self.current in by_id else []  # the record on screen where A was pressed
        nearest = [record_id for record_id, _ in attachment.nearest]
        others = [] if len(records) > PICKER_LIMIT else [r.id for r in records]
        order = list(dict.fromkeys([*first, *nearest, *others]))
        choices = [_choice(by_id[r], "on screen" if r in first else "nearest" if r in nearest else "") for r in order]

        def picked(record_id: str | None) -> None:
            index = self.attachments.index(attachment)
            if record_id is None:
                self.attachments[index] = Attachment(attachment.file, None, "skipped")
            else:
                kept = app.state.kept_instead if app.state is not None else {}
                self.attachments[index] = attach(app.review, [Path(attachment.file)], to=record_id, kept_instead=kept)[
                    0
                ]
            self._show()
            self._link_next()

        title = f"Link {Path(attachment.file).name} to which record? (escape: leave it)"
        app.push_screen(PickerDialog(title, choices), picked)

    def action_close(self) -> None:
        self.dismiss(self.attachments)


def _choice(record: Record, why: str) -> PickerItem:
    """A record as the picker shows it: the title, and what tells copies of one study apart
    (year, first author, source file, id)."""
    author = cited(record.authors[0]) if record.authors else ""
    detail = " · ".join(part for part in (why, str(record.year or ""), author, record.source, record.id) if part)
    return PickerItem(record.id, one_line(record.shown_title, 100), one_line(detail, 120))
