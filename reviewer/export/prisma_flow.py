"""The PRISMA 2020 flow diagram (new systematic reviews, databases and other sources), drawn
from the same counts as `reviewer stats`: as plain text, Markdown, SVG or a page of HTML.

The boxes follow the PRISMA 2020 statement's template: identification, screening (records,
then reports sought and assessed), included. Records still awaiting a decision (undecided,
in conflict, or maybe) are shown beside the stage they wait at, so every box adds up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reviewer.team.state import NOT_RETRIEVED
from reviewer.text.display import one_line


@dataclass(frozen=True)
class Box:
    stage: str  # Identification, Screening, Included
    text: str  # the box's heading, with its count
    details: tuple[str, ...] = ()  # lines under the heading (per source, per reason)
    side: bool = False  # a box to the right: what left the flow at this step


def boxes(counts: dict[str, Any]) -> list[Box]:
    """The diagram's boxes, top to bottom, from `prisma_counts`."""
    title_abstract, full_text = counts["title-abstract"], counts["full-text"]
    reasons = dict(full_text["excluded_by_reason"])
    not_retrieved = reasons.pop(NOT_RETRIEVED, 0)
    databases = counts["identified_from_databases"]
    found = [
        Box(
            "Identification",
            f"Records identified from databases (n = {sum(databases.values())})",
            tuple(f"{one_line(source)} (n = {n})" for source, n in databases.items()),
        ),
    ]
    if counts["identified_from_other_sources"]:
        found.append(
            Box(
                "Identification",
                f"Records identified from other sources (n = {counts['identified_from_other_sources']})",
            )
        )
    found += [
        Box(
            "Identification",
            f"Duplicate records removed before screening (n = {counts['duplicates_removed']})",
            (
                f"automatically, same PMID or DOI (n = {counts['duplicates_removed_automatically']})",
                f"by reviewers (n = {counts['duplicates_removed'] - counts['duplicates_removed_automatically']})",
            ),
            side=True,
        ),
        Box("Screening", f"Records screened (n = {title_abstract['records']})"),
        Box(
            "Screening",
            f"Records excluded (n = {title_abstract['excluded']})",
            _awaiting(title_abstract, maybe_waits=False),
            side=True,
        ),
        Box("Screening", f"Reports sought for retrieval (n = {full_text['records']})"),
        Box("Screening", f"Reports not retrieved (n = {not_retrieved})", side=True),
        Box("Screening", f"Reports assessed for eligibility (n = {full_text['assessed']})"),
        Box(
            "Screening",
            f"Reports excluded (n = {full_text['excluded'] - not_retrieved})",
            tuple(f"{one_line(reason)} (n = {n})" for reason, n in reasons.items())
            + _awaiting(full_text, maybe_waits=True),
            side=True,
        ),
        Box("Included", f"Studies included in review (n = {full_text['included']})"),
    ]
    return found


def _awaiting(stage: dict[str, Any], maybe_waits: bool) -> tuple[str, ...]:
    """Records the stage has not decided on. A maybe at title-abstract goes on to be read in
    full (it is among the reports sought); a maybe at full text waits."""
    if not stage["awaiting"]:
        return ()
    maybe = f", {stage['maybe']} maybe" if maybe_waits else ""
    return (
        f"awaiting a decision (n = {stage['awaiting']}: {stage['undecided']} undecided, "
        f"{stage['conflicts']} in conflict{maybe})",
    )


def to_text(counts: dict[str, Any]) -> str:
    lines = ["PRISMA 2020 flow diagram"]
    stage = ""
    for box in boxes(counts):
        if box.stage != stage:
            stage = box.stage
            lines += ["", stage.upper()]
        prefix = "    └─ " if box.side else "  "
        lines.append(prefix + box.text)
        lines += [("         " if box.side else "      ") + detail for detail in box.details]
    return "\n".join(lines) + "\n"


def to_markdown(counts: dict[str, Any]) -> str:
    lines = ["# PRISMA 2020 flow diagram", ""]
    stage = ""
    for box in boxes(counts):
        if box.stage != stage:
            stage = box.stage
            lines += ["", f"## {stage}", ""]
        lines.append(("  - " if box.side else "- ") + _md(box.text))
        lines += [("    - " if box.side else "  - ") + _md(detail) for detail in box.details]
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def _md(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)


WIDTH, BOX_WIDTH, SIDE_X, LINE = 980, 440, 520, 18


def to_svg(counts: dict[str, Any]) -> str:
    """A standalone SVG: main boxes down the left, what left the flow to the right, arrows between."""
    parts, y, last_main = [], 60, None
    for box in boxes(counts):
        height = LINE * (2 + len(box.details)) + 6
        x = SIDE_X if box.side else 40
        if box.side:
            y_side = last_main[1] if last_main else y
            parts.append(_rect(x, y_side, box, height))
            if last_main:
                parts.append(_arrow(40 + BOX_WIDTH, last_main[1] + last_main[2] // 2, x, y_side + height // 2))
            continue
        if last_main:
            parts.append(_arrow(40 + BOX_WIDTH // 2, last_main[1] + last_main[2], 40 + BOX_WIDTH // 2, y))
        parts.append(_rect(x, y, box, height))
        last_main = (box, y, height)
        y += height + 40
    header = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{y}" viewBox="0 0 {WIDTH} {y}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="13">'
    )
    defs = (
        '<defs><marker id="arrow" markerWidth="10" markerHeight="10" refX="9" refY="3" orient="auto">'
        '<path d="M0,0 L0,6 L9,3 z" fill="#333"/></marker></defs>'
        '<text x="40" y="32" font-size="18" font-weight="bold">PRISMA 2020 flow diagram</text>'
    )
    return header + defs + "".join(parts) + "</svg>\n"


def _rect(x: int, y: int, box: Box, height: int) -> str:
    fill = {"Identification": "#e3f2fd", "Screening": "#fff8e1", "Included": "#e8f5e9"}[box.stage]
    texts = [f'<text x="{x + 10}" y="{y + LINE + 2}" font-weight="bold">{escape(box.text)}</text>']
    texts += [
        f'<text x="{x + 20}" y="{y + LINE * (i + 2) + 2}">{escape(detail)}</text>'
        for i, detail in enumerate(box.details)
    ]
    return (
        f'<g><rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="6" fill="{fill}" stroke="#555"/>'
        + "".join(texts)
        + "</g>"
    )


def _arrow(x1: int, y1: int, x2: int, y2: int) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#333" marker-end="url(#arrow)"/>'


def to_html(counts: dict[str, Any]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>PRISMA 2020 flow diagram</title>\n</head>\n<body>\n" + to_svg(counts) + "</body>\n</html>\n"
    )


FORMATS = {"txt": to_text, "md": to_markdown, "svg": to_svg, "html": to_html}
