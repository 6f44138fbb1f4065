"""The PRISMA 2020 flow diagram (new systematic reviews, databases and other sources), drawn
from the same counts as `reviewer stats` (`ReviewState.prisma`): as plain text, Markdown,
SVG, a page of HTML, PNG or PDF.

It follows the PRISMA 2020 statement's template (the PRISMA2020 R package draws the same):
the Identification, Screening and Included bands; a column "Identification of studies via
databases and registers" and, when the review has source texts, one "via other methods";
in each, records identified (each database by its name), removed before screening,
screened and excluded, reports sought, not retrieved, assessed and excluded with each
reason. Records still awaiting a decision are said beside the stage they wait at, so every
box adds up. Box sizes follow their text: no count or name is clipped or runs past its box.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reviewer.domain.errors import ReviewerError
from reviewer.team.state import NOT_RETRIEVED
from reviewer.text import svg_width
from reviewer.text.display import one_line, xml_text

BANDS = ("Identification", "Screening", "Screening", "Screening")  # one per row of a column
COLUMN_TITLES = {
    "databases": "Identification of studies via databases and registers",
    "other": "Identification of studies via other methods",
}


@dataclass(frozen=True)
class Box:
    heading: str  # with its count
    details: tuple[str, ...] = ()  # lines under the heading (per database, per reason)


@dataclass(frozen=True)
class Column:
    title: str
    rows: tuple[tuple[Box, Box], ...]  # per row (BANDS): the flow's box, and what left it there


@dataclass(frozen=True)
class Diagram:
    columns: tuple[Column, ...]
    included: Box


def diagram(counts: dict[str, Any]) -> Diagram:
    """The boxes of the diagram, from `ReviewState.prisma()`."""
    methods = counts["by_method"]
    shown = ["databases"] + ["other"] * bool(counts["identified_from_other_sources"])
    columns = tuple(_column(name, methods[name]) for name in shown)
    included = [methods[name]["full-text"]["included"] for name in shown]
    details = (
        tuple(f"{what} (n = {n})" for what, n in zip(("via databases", "via other methods"), included, strict=True))
        if len(shown) > 1
        else ()
    )
    return Diagram(columns, Box(f"Studies included in review (n = {sum(included)})", details))


def _column(method: str, flow: dict[str, Any]) -> Column:
    title_abstract, full_text = flow["title-abstract"], flow["full-text"]
    identified = flow["identified"]
    what = "databases" if method == "databases" else "other sources"
    reasons = {r: n for r, n in full_text["excluded_by_reason"].items() if r != NOT_RETRIEVED}
    removed = flow["duplicates_removed"]
    automatic = flow["duplicates_removed_automatically"]
    marked = flow["marked_ineligible_by_automation"]
    rows = (
        (
            Box(
                f"Records identified from {what} (n = {sum(identified.values())})",
                tuple(f"{one_line(source)} (n = {n})" for source, n in identified.items()),
            ),
            Box(
                f"Records removed before screening (n = {removed + marked})",
                (
                    f"Duplicate records removed (n = {removed}: {automatic} sharing a PMID or DOI, "
                    f"{removed - automatic} by reviewers)",
                    f"Records marked as ineligible by automation tools (n = {marked}: "
                    "left unscreened when screening ended on the stopping rule)"
                    if marked
                    else "Records marked as ineligible by automation tools (n = 0)",
                    "Records removed for other reasons (n = 0)",
                ),
            ),
        ),
        (
            Box(f"Records screened (n = {title_abstract['records']})"),
            Box(f"Records excluded (n = {title_abstract['excluded']})", _awaiting(title_abstract, maybe_waits=False)),
        ),
        (
            Box(f"Reports sought for retrieval (n = {full_text['records']})"),
            Box(f"Reports not retrieved (n = {full_text['not_retrieved']})"),
        ),
        (
            Box(f"Reports assessed for eligibility (n = {full_text['assessed']})"),
            Box(
                f"Reports excluded (n = {full_text['excluded'] - full_text['not_retrieved']})",
                tuple(f"{one_line(reason)} (n = {n})" for reason, n in reasons.items())
                + _awaiting(full_text, maybe_waits=True),
            ),
        ),
    )
    return Column(COLUMN_TITLES[method], rows)


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


# Text and Markdown ---------------------------------------------------------------------------


def to_text(counts: dict[str, Any]) -> str:
    drawn = diagram(counts)
    lines = ["PRISMA 2020 flow diagram"]
    for column in drawn.columns:
        lines += ["", column.title.upper()]
        band = ""
        for row_band, (main, side) in zip(BANDS, column.rows, strict=True):
            if row_band != band:
                band = row_band
                lines += [f"  {band}"]
            lines += ["    " + main.heading, *("        " + d for d in main.details)]
            lines += ["      └─ " + side.heading, *("           " + d for d in side.details)]
    lines += ["", "INCLUDED", "    " + drawn.included.heading, *("        " + d for d in drawn.included.details)]
    return "\n".join(lines) + "\n"


def to_markdown(counts: dict[str, Any]) -> str:
    drawn = diagram(counts)
    lines = ["# PRISMA 2020 flow diagram"]
    for column in drawn.columns:
        lines += ["", f"## {_md(column.title)}"]
        band = ""
        for row_band, (main, side) in zip(BANDS, column.rows, strict=True):
            if row_band != band:
                band = row_band
                lines += ["", f"### {band}", ""]
            lines += ["- " + _md(main.heading), *("  - " + _md(d) for d in main.details)]
            lines += ["  - " + _md(side.heading), *("    - " + _md(d) for d in side.details)]
    lines += ["", "## Included", "", "- " + _md(drawn.included.heading)]
    lines += ["  - " + _md(d) for d in drawn.included.details]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)


# SVG, HTML, PNG and PDF -------------------------------------------------------------------

FONT_SIZE, LINE = 13, 18
BOX_WIDTH, GAP, PAD, BAND_WIDTH, MARGIN = 300, 36, 10, 34, 20
INDENT = 2 * FONT_SIZE  # details are indented under their heading
TITLE_WIDTH = 2 * BOX_WIDTH + GAP  # a column's title spans its two boxes
FILLS = {"Identification": "#e3f2fd", "Screening": "#fff8e1", "Included": "#e8f5e9", "title": "#cfd8dc"}
# Widths in ems, at least those of DejaVu Sans Bold (what Helvetica falls back to on Linux, and
# wider than Helvetica and Arial), so that a line measured here fits its box wherever it is drawn.


@dataclass(frozen=True)
class _Placed:
    x: int
    y: int
    width: int
    height: int
    lines: tuple[tuple[str, bool], ...]  # (text, bold)
    fill: str


def text_width(text: str) -> float:
    """A line's width in pixels, at most, in the diagram's font (bold or not)."""
    return svg_width.text_width(text, FONT_SIZE)


def wrapped(box: Box, width: int = BOX_WIDTH) -> tuple[tuple[str, bool], ...]:
    """The box's lines as drawn: wrapped to its width, never inside "(n = 12)"; a word
    longer than a line is cut."""
    room = width - 2 * PAD
    lines = [(text, True) for text in _wrap(box.heading, room)]
    for detail in box.details:
        lines += [(text, False) for text in _wrap(detail, room - INDENT)]
    return tuple(lines)


def _wrap(text: str, room: float) -> list[str]:
    words = text.replace("n = ", "n\u00a0=\u00a0").split(" ")
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if text_width(candidate) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        while text_width(word) > room:  # a word wider than the box: cut it, after a hyphen if it has one
            cut = next((i for i in range(len(word), 0, -1) if text_width(word[:i]) <= room), 1)
            cut = word.rfind("-", 0, cut) + 1 or cut
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    lines.append(line)
    return [line.replace("\u00a0", " ") for line in lines]


def _height(lines: tuple[tuple[str, bool], ...]) -> int:
    return LINE * len(lines) + 2 * PAD


def layout(counts: dict[str, Any]) -> tuple[list[_Placed], list[str], int, int]:
    """Where each box goes, the arrows and band labels between them, and the picture's size."""
    drawn = diagram(counts)
    x_of = [BAND_WIDTH + MARGIN + GAP // 2 + i * (BOX_WIDTH + GAP) for i in range(2 * len(drawn.columns))]
    placed: list[_Placed] = []
    arrows: list[str] = []
    y = 56
    title_lines = [wrapped(Box(column.title), TITLE_WIDTH) for column in drawn.columns]
    title_height = max(_height(lines) for lines in title_lines)
    for i, lines in enumerate(title_lines):
        placed.append(_Placed(x_of[2 * i], y, TITLE_WIDTH, title_height, lines, FILLS["title"]))
    y += title_height + GAP // 2
    band_spans: list[tuple[str, int, int]] = []
    main_bottom: list[tuple[int, int] | None] = [None] * len(drawn.columns)
    for row, band in enumerate(BANDS):
        cells = [(column.rows[row], i) for i, column in enumerate(drawn.columns)]
        drawn_lines = [(wrapped(main), wrapped(side)) for (main, side), _ in cells]
        height = max(_height(found) for pair in drawn_lines for found in pair)
        for (main_lines, side_lines), (_, i) in zip(drawn_lines, cells, strict=True):
            main_x, side_x = x_of[2 * i], x_of[2 * i + 1]
            placed.append(_Placed(main_x, y, BOX_WIDTH, height, main_lines, FILLS[band]))
            placed.append(_Placed(side_x, y, BOX_WIDTH, height, side_lines, FILLS[band]))
            arrows.append(_arrow(main_x + BOX_WIDTH, y + height // 2, side_x, y + height // 2))
            above = main_bottom[i]
            arrows.append(
                _arrow(main_x + BOX_WIDTH // 2, above[1] if above else y - GAP // 2, main_x + BOX_WIDTH // 2, y)
            )
            main_bottom[i] = (main_x, y + height)
        band_spans.append((band, y, y + height))
        y += height + GAP
    included_lines = wrapped(drawn.included)
    included_height = _height(included_lines)
    placed.append(_Placed(x_of[0], y, BOX_WIDTH, included_height, included_lines, FILLS["Included"]))
    for i, bottom in enumerate(main_bottom):
        if bottom is None:
            continue
        centre = bottom[0] + BOX_WIDTH // 2
        if i == 0:
            arrows.append(_arrow(centre, bottom[1], centre, y))
        else:  # down, then left into the included box's side
            middle = y + included_height // 2
            arrows.append(
                f'<polyline points="{centre},{bottom[1]} {centre},{middle} {x_of[0] + BOX_WIDTH},{middle}" '
                'fill="none" stroke="#333" marker-end="url(#arrow)"/>'
            )
    band_spans.append(("Included", y, y + included_height))
    bands = _bands(band_spans)
    width = x_of[-1] + BOX_WIDTH + MARGIN
    return placed, arrows + bands, width, y + included_height + MARGIN


def _bands(spans: list[tuple[str, int, int]]) -> list[str]:
    """The coloured band down the left for each stage, its name written upwards."""
    merged: list[tuple[str, int, int]] = []
    for band, top, bottom in spans:
        if merged and merged[-1][0] == band:
            merged[-1] = (band, merged[-1][1], bottom)
        else:
            merged.append((band, top, bottom))
    drawn = []
    for band, top, bottom in merged:
        middle_x, middle_y = MARGIN + BAND_WIDTH // 2, (top + bottom) // 2
        drawn.append(
            f'<rect x="{MARGIN}" y="{top}" width="{BAND_WIDTH}" height="{bottom - top}" rx="4" '
            f'fill="{FILLS[band]}" stroke="#555"/>'
            f'<text x="{middle_x}" y="{middle_y}" font-weight="bold" text-anchor="middle" dominant-baseline="central" '
            f'transform="rotate(-90 {middle_x} {middle_y})">{band}</text>'
        )
    return drawn


def to_svg(counts: dict[str, Any]) -> str:
    """A standalone SVG: each column's flow down, what left it to the right, bands on the left."""
    placed, extras, width, height = layout(counts)
    header = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="{FONT_SIZE}">'
    )
    defs = (
        '<defs><marker id="arrow" markerWidth="10" markerHeight="10" refX="9" refY="3" orient="auto">'
        '<path d="M0,0 L0,6 L9,3 z" fill="#333"/></marker></defs>'
        '<rect width="100%" height="100%" fill="white"/>'
        f'<text x="{MARGIN}" y="32" font-size="18" font-weight="bold">PRISMA 2020 flow diagram</text>'
    )
    return header + defs + "".join(_rect(box) for box in placed) + "".join(extras) + "</svg>\n"


def _rect(box: _Placed) -> str:
    texts = [
        f'<text x="{box.x + PAD + (0 if bold else INDENT)}" y="{box.y + PAD + LINE * i + LINE - 5}"'
        + (' font-weight="bold"' if bold else "")
        + f">{escape(xml_text(text))}</text>"
        for i, (text, bold) in enumerate(box.lines)
    ]
    return (
        f'<g><rect x="{box.x}" y="{box.y}" width="{box.width}" height="{box.height}" rx="6" fill="{box.fill}" '
        'stroke="#555"/>' + "".join(texts) + "</g>"
    )


def _arrow(x1: int, y1: int, x2: int, y2: int) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#333" marker-end="url(#arrow)"/>'


def to_html(counts: dict[str, Any]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>PRISMA 2020 flow diagram</title>\n</head>\n<body>\n" + to_svg(counts) + "</body>\n</html>\n"
    )


class DrawingUnavailable(ReviewerError):
    pass


def to_png(counts: dict[str, Any]) -> bytes:
    """The SVG drawn at twice its size (for a journal's 300 dpi at print width), by CairoSVG."""
    return _cairosvg().svg2png(bytestring=to_svg(counts).encode("utf-8"), scale=2)


def to_pdf(counts: dict[str, Any]) -> bytes:
    return _cairosvg().svg2pdf(bytestring=to_svg(counts).encode("utf-8"))


def _cairosvg() -> Any:
    try:
        import cairosvg  # only for PNG and PDF: it loads the cairo library
    except OSError as error:  # cairocffi could not find libcairo
        raise DrawingUnavailable(
            f"PNG and PDF are drawn with the cairo library, which is not installed here ({error}); "
            "install it (Debian, Ubuntu: apt install libcairo2; macOS: brew install cairo) or use --format svg"
        ) from None
    return cairosvg


FORMATS: dict[str, Callable[[dict[str, Any]], str | bytes]] = {
    "txt": to_text,
    "md": to_markdown,
    "svg": to_svg,
    "html": to_html,
    "png": to_png,
    "pdf": to_pdf,
}
