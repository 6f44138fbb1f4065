"""Changing a reviewer's claims, and the suggestions they reject, with undo and redo.

Each change is kept as the document before and after it (None where it did not
exist), so undo writes back the before and redo the after, through the same durable store.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reviewer.annotating.placing import new_claim
from reviewer.domain.claim import BY_HAND, Claim
from reviewer.domain.rejection import Rejection
from reviewer.persistence.store import ReviewerStore

Annotation = Claim | Rejection  # what the Reader changes: a claim, or a suggestion rejected


@dataclass(frozen=True)
class Change:
    description: str
    before: Annotation | None
    after: Annotation | None

    @property
    def subject(self) -> Annotation:
        """What the change is about (after it, or before a deletion)."""
        subject = self.after or self.before
        assert subject is not None, "a change has a document before it, after it, or both"
        return subject


class ClaimEditor:
    def __init__(self, store: ReviewerStore) -> None:
        self.store = store
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    def create(
        self,
        record: str,
        text: str,
        start: int,
        end: int,
        tags: tuple[str, ...] = (),
        note: str = "",
        origin: str = BY_HAND,
    ) -> Change:
        claim = replace(new_claim(record, self.store.reviewer, text, start, end, tags, note), origin=origin)
        return self._commit(Change(f"added {_label(claim)}", None, claim))

    def toggle_tag(self, claim: Claim, tag: str) -> Change:
        if tag in claim.tags:
            tags, verb = tuple(t for t in claim.tags if t != tag), "removed"
        else:
            tags, verb = (*claim.tags, tag), "added"
        return self._commit(Change(f"{verb} tag {tag}", claim, claim.edited(tags=tags)))

    def set_note(self, claim: Claim, note: str) -> Change:
        return self._commit(Change("note saved", claim, claim.edited(note=note)))

    def delete(self, claim: Claim) -> Change:
        return self._commit(Change(f"deleted {_label(claim)}", claim, None))

    def reject(self, rejection: Rejection) -> Change:
        return self._commit(Change("rejected the suggestion", None, rejection))

    def undo(self) -> Change | None:
        """Take back the last change; None when there is nothing to undo."""
        return self._step(self._undo, self._redo, backwards=True)

    def redo(self) -> Change | None:
        """Make the last undone change again; None when there is nothing to redo."""
        return self._step(self._redo, self._undo, backwards=False)

    def _step(self, source: list[Change], target: list[Change], backwards: bool) -> Change | None:
        if not source:
            return None
        change = source.pop()
        if backwards:
            self._write(change.before, change.after)
        else:
            self._write(change.after, change.before)
        target.append(change)
        return change

    def _commit(self, change: Change) -> Change:
        self._write(change.after, change.before)
        self._undo.append(change)
        self._redo.clear()
        return change

    def _write(self, state: Annotation | None, previous: Annotation | None) -> None:
        if isinstance(state, Claim):
            self.store.put_claim(state)
        elif isinstance(state, Rejection):
            self.store.put_rejection(state)
        elif isinstance(previous, Claim):
            self.store.delete_claim(previous.id)
        elif isinstance(previous, Rejection):
            self.store.delete_rejection(previous.id)


def _label(claim: Claim) -> str:
    return ", ".join(claim.tags) or "untagged"
