"""An evidence table in Markdown: by tag, then record; quotes as block quotes.

Everything from sources is escaped, so a title with `*`, `[`, `#` or HTML in it is shown
as written, never as formatting.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reviewer.export.extraction_tables import extraction_markdown
from reviewer.text.display import inert, one_line

if TYPE_CHECKING:
    from reviewer.review.folder import Review
    from reviewer.team.claims import ClaimEntry
    from reviewer.team.state import ReviewState


_SPECIAL = re.compile(r"([\\`*_{}\[\]#|>~])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")
UNTAGGED, UNTAGGED_LABEL = "untagged", "Untagged"  # a highlight without a tag: one word everywhere


def escape(text: str) -> str:
    """Markdown-literal text: special characters backslashed, HTML's < and & as entities,
    and a start that would make a list, a heading rule or a numbered item defused."""
    text = _SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    return _LINE_START.sub(
        lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2).isdigit() else "\\" + m.group(2)), text
    )


def write(review: Review, state: ReviewState, entries: list[ClaimEntry]) -> str:
    lines = [f"# Evidence table: {escape(one_line(review.name))}", ""]
    labels = {tag.key: tag.label for tag in review.config.tags}
    order = [tag.key for tag in review.config.tags]
    used = {t for e in entries for t in (e.claim.tags or (UNTAGGED,))}
    for tag in [*order, *sorted(used - set(order))]:
        in_tag = [e for e in entries if tag in (e.claim.tags or (UNTAGGED,))]
        if not in_tag:
            continue
        lines += [f"## {escape(labels.get(tag, UNTAGGED_LABEL if tag == UNTAGGED else tag))} ({len(in_tag)})", ""]
        for record_id in sorted({e.claim.record for e in in_tag}):
            on_record = [e for e in in_tag if e.claim.record == record_id]
            first = on_record[0]
            title = one_line(first.title) or record_id
            year = f" ({first.year})" if first.year else ""
            lines += [f"### {escape(title)}{year}", "", f"Record: `{record_id.replace('`', '')}`", ""]
            for entry in on_record:
                a = entry.claim
                for quote_line in a.exact.splitlines() or [""]:
                    lines.append(f"> {escape(quote_line)}".rstrip())
                lines.append("")
                page = f"p. {entry.page}, " if entry.page is not None else ""
                # 1-based, first to last, as the Reader's status line counts (CSV, JSON and W3C
                # keep the W3C TextPositionSelector's 0-based start and exclusive end)
                details = f"*{escape(one_line(a.reviewer))}*, {page}characters {a.start + 1}–{a.end}"
                if a.status != "anchored":
                    details += f", **{escape(a.status)}**"
                if a.note:
                    lines += [f"Note: {escape(one_line(a.note))}", ""]
                lines += [f"— {details}", ""]
    lines += extraction_markdown(state, escape)
    return inert("\n".join(lines).rstrip() + "\n")  # no control character of a source reaches a reader
