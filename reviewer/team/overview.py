"""The Library's view of the review: where each record stands, sorted and filtered.

A record's status is this reviewer's own decision at each stage (blind or not: the Library is
one's own desk), or the adjudicator's where they settled the record (what counts, as the counts
on top count it; an adjudicator, who may not screen at all, sees what counts wherever they have
no decision of their own), whether it is in conflict (for those who may see conflicts: the state holds
only what the viewer may see), and whether it was set aside as a duplicate. The counts on top
are the review's, as `stats` gives them: `ReviewState.prisma`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reviewer.domain.decision import (
    ADJUDICATOR,
    EXCLUDE,
    FULL_TEXT,
    INCLUDE,
    MAYBE,
    TITLE_ABSTRACT,
    UNDECIDED,
    Choice,
    Decision,
)
from reviewer.domain.record import Record
from reviewer.team.state import ReviewState
from reviewer.text.names import cited

SORTS = ("file", "title", "year", "author", "status")
FILTERS = (
    "all",
    "undecided",
    INCLUDE,
    EXCLUDE,
    MAYBE,
    "conflicts",
    "full text",
    "claims",
    "set aside",
    "stopping rule",
)
STATUS_ORDER = {INCLUDE: 0, MAYBE: 1, UNDECIDED: 2, EXCLUDE: 3}


@dataclass(frozen=True)
class Status:
    title_abstract: Choice = UNDECIDED
    full_text: Choice = UNDECIDED
    reason: str = ""  # of the exclusion that counts (the later stage's)
    conflict: bool = False
    set_aside: bool = False
    by_rule: bool = False  # left unscreened when title-abstract screening ended on the stopping rule

    @property
    def latest(self) -> Choice:
        """Where the record stands: the full-text decision once there is one."""
        return self.full_text if self.full_text != UNDECIDED else self.title_abstract


def statuses(state: ReviewState, viewer: str) -> dict[str, Status]:
    """record -> its status for `viewer`, for every record with something to say (the rest are
    undecided): their own decisions (those on a set-aside copy shown on the record kept), an
    adjudicator's settlement in their place, the conflicts the state holds (only what the viewer
    may see), and the records set aside."""
    latest = state.latest(viewer)
    adjudicator = state.review.config.is_adjudicator(viewer)
    counted = {  # (record, stage) -> what counts where it is to be shown instead of the viewer's own
        (record, stage): final
        for stage in (TITLE_ABSTRACT, FULL_TEXT)
        for record, final in state.final[stage].items()
        if isinstance(final, Decision)
        and (final.role == ADJUDICATOR or (adjudicator and (record, stage) not in latest))
    }
    in_conflict = state.in_conflict()
    records = {record for record, _ in latest} | in_conflict | state.set_aside | state.marked_by_rule
    records |= {record for record, _ in counted}
    found = {}
    for record in records:
        ta = counted.get((record, TITLE_ABSTRACT)) or latest.get((record, TITLE_ABSTRACT))
        ft = counted.get((record, FULL_TEXT)) or latest.get((record, FULL_TEXT))
        reason = ft if ft and ft.decision == EXCLUDE else ta if ta and ta.decision == EXCLUDE else None
        found[record] = Status(
            ta.decision if ta else UNDECIDED,
            ft.decision if ft else UNDECIDED,
            reason.reason if reason else "",
            record in in_conflict,
            record in state.set_aside,
            record in state.marked_by_rule,
        )
    return found


def arrange(
    records: list[Record],
    status: Mapping[str, Status],
    sort: str = "file",
    shown: str = "all",
    reason: str = "",
    text_kinds: Mapping[str, str] | None = None,
    claims: Mapping[str, int] | None = None,
) -> list[Record]:
    """The records to list: those `shown` (a FILTERS name; excluded ones for `reason` only when
    given) in `sort` order (SORTS; stable, so file order among equals)."""
    if sort not in SORTS or shown not in FILTERS:
        raise ValueError(f"unknown sort {sort!r} or filter {shown!r}")
    none = Status()

    def kept(record: Record) -> bool:
        state = status.get(record.id, none)
        if shown == "all":
            return True
        if shown in (INCLUDE, EXCLUDE, MAYBE, "undecided"):
            wanted = UNDECIDED if shown == "undecided" else shown
            return state.latest == wanted and (not reason or state.reason == reason) and not state.by_rule
        if shown == "conflicts":
            return state.conflict
        if shown == "full text":
            return record.id in (text_kinds or {})
        if shown == "claims":
            return (claims or {}).get(record.id, 0) > 0
        if shown == "stopping rule":
            return state.by_rule
        return state.set_aside

    listed = [r for r in records if kept(r)]
    if sort == "title":
        listed.sort(key=lambda r: r.title.casefold())
    elif sort == "year":
        listed.sort(key=lambda r: (r.year is None, r.year or 0))
    elif sort == "author":
        listed.sort(key=lambda r: (not r.authors, cited(r.authors[0]).casefold() if r.authors else ""))
    elif sort == "status":
        listed.sort(key=lambda r: STATUS_ORDER[status.get(r.id, none).latest])
    return listed


def review_counts(state: ReviewState) -> list[str]:
    """The Library's counts, one line for the review and one per stage: the numbers `stats`
    prints, read from the same state (a blind reviewer's: their own decisions and the
    adjudications)."""
    counts = state.prisma()
    blind = " · blind view: yours and the adjudications" if state.blind else ""
    marked = counts["marked_ineligible_by_automation"]
    by_rule = f"⊘ {marked:,} marked by the stopping rule · " if marked else ""
    lines = [
        f"{counts['records_identified']:,} identified · ≡ {counts['duplicates_removed']:,} duplicates set aside · "
        f"{by_rule}{counts['records_screened']:,} to screen{blind}"
    ]
    for stage, name in ((TITLE_ABSTRACT, "Title-abstract"), (FULL_TEXT, "Full text")):  # each fits 80 columns
        at = counts[stage]
        conflicts = "" if state.blind else f" · ! {at['conflicts']:,} conflicts"
        lines.append(
            f"{name} ({at['records']:,}): ✔ {at['included']:,} included · ✘ {at['excluded']:,} excluded · "
            f"? {at['maybe']:,} maybe{conflicts} · · {at['undecided']:,} undecided"
        )
    return lines
