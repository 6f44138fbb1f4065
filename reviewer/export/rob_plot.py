"""Risk-of-bias figures drawn as robvis draws them (McGuinness & Higgins, Res Synth Methods
2020; `rob_traffic_light` and `rob_summary`), for RoB 2 and ROBINS-I: as SVG, a page of HTML,
plain text, and robvis's own CSV input, so the figure can be redrawn in R.

The traffic-light plot is a grid, a row per study and a column per domain and Overall (shaded),
each judgement a circle in robvis's "cochrane" colours with its symbol (low +, some concerns or
moderate -, high or serious X, critical !, no information ?); the domains' captions and the
legend are below. The summary plot is a bar per domain, Overall last and bold, split by the share
of the studies' weight at each judgement. A domain without a judgement (its questions not all
answered yet) is a grey circle without a symbol, "Not judged": robvis draws it so from NA, but
calls it "Not applicable", which would misreport an unfinished assessment in a paper. Study
names are data: flattened, cut, and escaped, and the drawing is as wide as its longest text.
"""

from __future__ import annotations

import csv
import html as html_escape
import io
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from reviewer.domain.errors import ReviewerError
from reviewer.export.claims_csv import safe_cell
from reviewer.text import svg_width
from reviewer.text.display import one_line, xml_text


@dataclass(frozen=True)
class StudyJudgements:
    study: str  # the row label, e.g. "Kallmes 2009"
    domains: dict[str, str]  # "D1".. -> judgement; a domain may be missing
    overall: str | None
    weight: float = 1.0


TOOLS = {"rob2": ("D1", "D2", "D3", "D4", "D5"), "robins-i": ("D1", "D2", "D3", "D4", "D5", "D6", "D7")}
TOOL_TITLES = {"rob2": "RoB 2", "robins-i": "ROBINS-I"}
DOMAIN_NAMES: dict[str, dict[str, str]] = {
    "rob2": {
        "D1": "Bias arising from the randomization process",
        "D2": "Bias due to deviations from intended interventions",
        "D3": "Bias due to missing outcome data",
        "D4": "Bias in measurement of the outcome",
        "D5": "Bias in selection of the reported result",
    },
    "robins-i": {
        "D1": "Bias due to confounding",
        "D2": "Bias due to selection of participants",
        "D3": "Bias in classification of interventions",
        "D4": "Bias due to deviations from intended interventions",
        "D5": "Bias due to missing data",
        "D6": "Bias in measurement of outcomes",
        "D7": "Bias in selection of the reported result",
    },
}
OVERALL, OVERALL_NAME = "Overall", "Overall risk of bias"
# Each tool's judgements from least to most bias, then "no information": the summary's order.
JUDGEMENTS = {
    "rob2": ("low", "some concerns", "high", "no information"),
    "robins-i": ("low", "moderate", "serious", "critical", "no information"),
}
NOT_JUDGED = "not judged"  # no judgement yet; written NA for robvis, which draws it grey
COLOURS = {
    "low": "#02C100",
    "some concerns": "#E2DF07",
    "moderate": "#E2DF07",
    "high": "#BF0000",
    "serious": "#BF0000",
    "critical": "#820000",
    "no information": "#4EA1F7",
    NOT_JUDGED: "#cccccc",
}
SYMBOLS = {"low": "+", "some concerns": "-", "moderate": "-", "high": "X", "serious": "X", "critical": "!"}
SYMBOLS |= {"no information": "?", NOT_JUDGED: ""}
_SUMMARY_LABELS = {"low": "Low risk", "high": "High risk", "moderate": "Moderate risk", "serious": "Serious risk"}
_SUMMARY_LABELS |= {"critical": "Critical risk", NOT_JUDGED: "Not judged"}

FONT_SIZE, LINE, PAD, GAP, MARGIN = 13, 18, 8, 24, 16
CELL, RADIUS, SYMBOL_SIZE = 60, 20, 24  # a traffic light's square cell, its circle and symbol
AXIS = 24  # room for the "Study" title, written upwards left of the names
BAR_WIDTH, BAR_HEIGHT, BAR_PITCH = 420, 20, 28
LABEL_LIMIT = 50  # characters of a study's name kept before an ellipsis
GRID, STRIP, SHADE = "#bdbdbd", "#a9a9a9", "#d3d3d3"  # robvis's cell borders, name strips, Overall
# Widths in ems, at least those of DejaVu Sans Bold (what Helvetica falls back to on Linux, wider
# than Helvetica and Arial), so that text measured here fits wherever it is drawn.


@dataclass(frozen=True)
class _Row:
    label: str
    judgements: tuple[str, ...]  # per column: the tool's domains, then Overall
    weight: float


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A line's width in pixels, at most, in font size `size`, bold or not."""
    return svg_width.text_width(text, size)


def _columns(tool: str) -> tuple[str, ...]:
    return (*TOOLS[tool], OVERALL)


def _tool(tool: str) -> str:
    name = tool.strip().lower()
    if name not in TOOLS:
        raise ReviewerError(f"Unknown risk-of-bias tool {tool!r}: the tools are {', '.join(TOOLS)}")
    return name


def _judgement(tool: str, value: str | None, study: str, column: str) -> str:
    if value is None:
        return NOT_JUDGED
    word = " ".join(value.split()).lower()
    if word not in JUDGEMENTS[tool]:
        raise ReviewerError(
            f"{study!r}, {column}: {one_line(value, 40)!r} is no {TOOL_TITLES[tool]} judgement; "
            f"the judgements are {', '.join(JUDGEMENTS[tool])}"
        )
    return word


def _rows(studies: Iterable[StudyJudgements], tool: str) -> list[_Row]:
    """The studies checked against the tool (its domains and judgements), and their labels made
    safe to draw: on one line, cut, no control character and nothing XML cannot hold."""
    rows = []
    for study in studies:
        label = xml_text(one_line(study.study, LABEL_LIMIT))
        unknown = sorted(set(study.domains) - set(TOOLS[tool]))
        if unknown:
            raise ReviewerError(f"{label!r}: {TOOL_TITLES[tool]} has no domain {', '.join(unknown)}")
        if not (math.isfinite(study.weight) and study.weight >= 0):
            raise ReviewerError(f"{label!r}: the weight must be a number of at least 0, not {study.weight}")
        values = [study.domains.get(domain) for domain in TOOLS[tool]] + [study.overall]
        judged = tuple(_judgement(tool, v, label, c) for v, c in zip(values, _columns(tool), strict=True))
        rows.append(_Row(label, judged, study.weight))
    return rows


def _percentages(rows: list[_Row], tool: str) -> dict[str, dict[str, float]]:
    total = sum(row.weight for row in rows)
    shares: dict[str, dict[str, float]] = {}
    for i, column in enumerate(_columns(tool)):
        weights = dict.fromkeys((*JUDGEMENTS[tool], NOT_JUDGED), 0.0)
        for row in rows:
            weights[row.judgements[i]] += row.weight
        shares[column] = {j: 100 * w / total for j, w in weights.items() if w > 0}  # none if no weight
    return shares


def summary_percentages(studies: list[StudyJudgements], tool: str) -> dict[str, dict[str, float]]:
    """Per domain and Overall, the percentage of the studies' weight at each judgement drawn."""
    tool = _tool(tool)
    return _percentages(_rows(studies, tool), tool)


# SVG ----------------------------------------------------------------------------------------


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = FONT_SIZE, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    font = f' font-size="{size}"' if size != FONT_SIZE else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{font}{weight}>{escape(text)}</text>'


def _n(number: float) -> str:
    """A coordinate as written: at most two decimals, so the same figure gives the same bytes."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _light(x: float, y: float, judgement: str, radius: float, symbol_size: int) -> str:
    """A judgement's circle centred on (x, y): robvis outlines it in black unless it is NA."""
    stroke = "" if judgement == NOT_JUDGED else ' stroke="black"'
    circle = f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{radius}" fill="{COLOURS[judgement]}"{stroke}/>'
    symbol = SYMBOLS[judgement]
    return circle + (_text(x, y + 0.36 * symbol_size, symbol, "middle", symbol_size, True) if symbol else "")


def _traffic_light(rows: list[_Row], tool: str) -> tuple[str, int, int]:
    """The traffic-light plot's elements and its size."""
    columns = _columns(tool)
    label_width = math.ceil(max((text_width(row.label) for row in rows), default=0)) + 2 * PAD
    grid_left, header_top = MARGIN + AXIS + label_width, MARGIN + LINE + 6
    grid_top = header_top + LINE + PAD
    grid_right, grid_bottom = grid_left + CELL * len(columns), grid_top + CELL * len(rows)
    parts = [_text((grid_left + grid_right) / 2, MARGIN + FONT_SIZE, "Risk of bias domains", "middle")]
    middle = (grid_top + grid_bottom) / 2
    parts.append(
        f'<text x="{MARGIN + FONT_SIZE}" y="{_n(middle)}" text-anchor="middle" '
        f'transform="rotate(-90 {MARGIN + FONT_SIZE} {_n(middle)})">Study</text>'
    )
    for i, column in enumerate(columns):
        x = grid_left + CELL * i
        parts.append(
            f'<rect x="{x}" y="{header_top}" width="{CELL}" height="{grid_top - header_top}" fill="{STRIP}" '
            f'stroke="{GRID}"/>' + _text(x + CELL / 2, grid_top - 7, column, "middle")
        )
    for r, row in enumerate(rows):
        y = grid_top + CELL * r
        parts.append(
            f'<rect x="{MARGIN + AXIS}" y="{y}" width="{label_width}" height="{CELL}" fill="{STRIP}" stroke="{GRID}"/>'
        )
        parts.append(_text(MARGIN + AXIS + label_width / 2, y + CELL / 2 + 4.5, row.label, "middle"))
        for i, judgement in enumerate(row.judgements):
            x, fill = grid_left + CELL * i, SHADE if i == len(columns) - 1 else "white"
            parts.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" stroke="{GRID}"/>')
            parts.append(_light(x + CELL / 2, y + CELL / 2, judgement, RADIUS, SYMBOL_SIZE))
    captions = ["Domains:", *(f"{d}: {name}." for d, name in DOMAIN_NAMES[tool].items())]
    top = grid_bottom + GAP
    parts += [_text(MARGIN + AXIS, top + LINE * i + FONT_SIZE, line) for i, line in enumerate(captions)]
    caption_right = MARGIN + AXIS + math.ceil(max(text_width(line) for line in captions))
    shown = [j for j in _severest_first(tool) if any(j in row.judgements for row in rows)]
    entries = 2 * 9 + PAD + math.ceil(max((text_width(j.capitalize()) for j in shown), default=0))
    legend_width = max(entries, math.ceil(text_width("Judgement")))  # the title may be the widest
    legend_x = max(grid_right - legend_width, caption_right + GAP)
    if shown:
        parts.append(_text(legend_x, top + FONT_SIZE, "Judgement"))
    for i, judgement in enumerate(shown):
        y = top + LINE + 6 + 24 * i + 12
        parts.append(_light(legend_x + 9, y, judgement, 9, 12))
        parts.append(_text(legend_x + 2 * 9 + PAD, y + 4.5, judgement.capitalize()))
    bottom = max(top + LINE * len(captions), top + LINE + 6 + 24 * len(shown))
    return "".join(parts), max(grid_right, legend_x + legend_width) + MARGIN, bottom + MARGIN


def _severest_first(tool: str) -> tuple[str, ...]:
    """robvis's legend order: from most to least bias, then no information and NA."""
    *graded, no_information = JUDGEMENTS[tool]
    return (*reversed(graded), no_information, NOT_JUDGED)


def _summary(rows: list[_Row], tool: str) -> tuple[str, int, int]:
    """The summary plot's elements and its size."""
    shares = _percentages(rows, tool)
    names = [*DOMAIN_NAMES[tool].values(), OVERALL_NAME]
    label_right = MARGIN + math.ceil(max(text_width(name) for name in names))
    bar_left, parts = label_right + 12, []
    for i, (column, name) in enumerate(zip(_columns(tool), names, strict=True)):
        y = MARGIN + BAR_PITCH * i
        parts.append(_text(label_right, y + BAR_HEIGHT / 2 + 4.5, name, "end", bold=column == OVERALL))
        x: float = bar_left
        for judgement, percent in shares[column].items():
            width = BAR_WIDTH * percent / 100
            parts.append(
                f'<rect x="{_n(x)}" y="{y}" width="{_n(width)}" height="{BAR_HEIGHT}" fill="{COLOURS[judgement]}" '
                f'stroke="black"><title>{_summary_label(judgement)}: {percent:.1f}%</title></rect>'
            )
            x += width
    axis = MARGIN + BAR_PITCH * len(names)
    parts.append(f'<line x1="{bar_left}" y1="{axis}" x2="{bar_left + BAR_WIDTH}" y2="{axis}" stroke="black"/>')
    for quarter in range(5):
        x = bar_left + BAR_WIDTH * quarter / 4
        parts.append(f'<line x1="{_n(x)}" y1="{axis}" x2="{_n(x)}" y2="{axis + 4}" stroke="black"/>')
        parts.append(_text(x, axis + 6 + FONT_SIZE, f"{25 * quarter}%", "middle"))
    right = bar_left + BAR_WIDTH + math.ceil(text_width("100%") / 2)
    shown = [j for j in (*JUDGEMENTS[tool], NOT_JUDGED) if any(j in share for share in shares.values())]
    entries = [12 + 6 + math.ceil(text_width(_summary_label(j))) for j in shown]
    legend_width = sum(entries) + GAP * max(len(entries) - 1, 0) + 2 * PAD
    legend_x, legend_y = max(MARGIN, bar_left + (BAR_WIDTH - legend_width) // 2), axis + 6 + FONT_SIZE + GAP // 2
    if shown:
        parts.append(
            f'<rect x="{legend_x}" y="{legend_y}" width="{legend_width}" height="{LINE + 2 * PAD}" '
            'fill="white" stroke="black"/>'
        )
    x = legend_x + PAD
    for judgement, entry in zip(shown, entries, strict=True):
        key_y = legend_y + PAD + (LINE - 12) / 2
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(key_y)}" width="12" height="12" fill="{COLOURS[judgement]}" stroke="black"/>'
        )
        parts.append(_text(x + 12 + 6, legend_y + PAD + LINE - 5, _summary_label(judgement)))
        x += entry + GAP
    height = legend_y + (LINE + 2 * PAD if shown else 0) + MARGIN
    return "".join(parts), max(right, legend_x + legend_width) + MARGIN, height


def _summary_label(judgement: str) -> str:
    return _SUMMARY_LABELS.get(judgement, judgement.capitalize())


def _document(parts: list[tuple[str, int, int]]) -> str:
    """The plots one above the other in one standalone SVG."""
    width, height = max(w for _, w, _ in parts), sum(h for _, _, h in parts)
    drawn, top = [], 0
    for body, _, part_height in parts:
        drawn.append(f'<g transform="translate(0 {top})">{body}</g>' if top else body)
        top += part_height
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="{FONT_SIZE}">'
        f'<rect width="100%" height="100%" fill="white"/>{"".join(drawn)}</svg>\n'
    )


def traffic_light_svg(studies: list[StudyJudgements], tool: str) -> str:
    """robvis's traffic-light plot: a row per study, a column per domain and Overall."""
    tool = _tool(tool)
    return _document([_traffic_light(_rows(studies, tool), tool)])


def summary_svg(studies: list[StudyJudgements], tool: str) -> str:
    """robvis's summary plot: per domain, the share of the studies' weight at each judgement."""
    tool = _tool(tool)
    return _document([_summary(_rows(studies, tool), tool)])


def svg(studies: list[StudyJudgements], tool: str) -> str:
    """The traffic-light plot above the summary plot."""
    tool = _tool(tool)
    rows = _rows(studies, tool)
    return _document([_traffic_light(rows, tool), _summary(rows, tool)])


# Text, HTML and robvis's CSV ------------------------------------------------------------------


def _cells(text: str) -> int:
    """How many terminal cells `text` takes: a wide character two, a combining mark none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def text(studies: list[StudyJudgements], tool: str) -> str:
    """A table of the judgements, then the summary as percentages of weight per domain."""
    tool = _tool(tool)
    rows = _rows(studies, tool)
    table = [("Study", *_columns(tool))] + [(row.label, *(j.capitalize() for j in row.judgements)) for row in rows]
    widths = [max(_cells(line[i]) for line in table) for i in range(len(table[0]))]
    lines = [f"Risk of bias ({TOOL_TITLES[tool]})", ""]
    for line in table:
        cells = [cell + " " * (width - _cells(cell)) for cell, width in zip(line, widths, strict=True)]
        lines.append(" | ".join(cells).rstrip())
    lines += ["", "Domains:", *(f"{d}: {name}." for d, name in DOMAIN_NAMES[tool].items())]
    lines += ["", "Summary (percentage of the studies' weight at each judgement):"]
    for column, shares in _percentages(rows, tool).items():
        said = ", ".join(f"{judgement.capitalize()} {percent:.1f}%" for judgement, percent in shares.items())
        lines.append(f"{column}: {said or 'no studies'}")
    return "\n".join(lines) + "\n"


def html(studies: list[StudyJudgements], tool: str) -> str:
    """A standalone page: the figure, the judgements as a table, and the summary's percentages."""
    tool = _tool(tool)
    rows = _rows(studies, tool)
    title = f"Risk of bias ({TOOL_TITLES[tool]})"
    head = "".join(f"<th>{column}</th>" for column in ("Study", *_columns(tool)))
    body = "".join(
        f"<tr><td>{html_escape.escape(row.label)}</td>" + "".join(f"<td>{j.capitalize()}</td>" for j in row.judgements)
        for row in rows
    )
    names = [*DOMAIN_NAMES[tool].values(), OVERALL_NAME]
    summary = "".join(
        f"<tr><td>{column}: {name}</td><td>"
        + "; ".join(f"{_summary_label(j)} {percent:.1f}%" for j, percent in shares.items())
        + "</td></tr>"
        for (column, shares), name in zip(_percentages(rows, tool).items(), names, strict=True)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        "<style>table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:2px 8px}</style>\n"
        f"</head>\n<body>\n<h1>{title}</h1>\n{svg(studies, tool)}"
        f"<table>\n<tr>{head}</tr>\n{body}\n</table>\n"
        f"<table>\n<tr><th>Domain</th><th>Percentage of the studies' weight</th></tr>\n{summary}\n</table>\n"
        "</body>\n</html>\n"
    )


def robvis_csv(studies: list[StudyJudgements], tool: str) -> str:
    """robvis's input: Study, the domains, Overall, Weight. `rob_summary(data, tool, weighted =
    TRUE)` reads it as it is, `rob_traffic_light` without its last column (Weight). A missing
    judgement is written NA, which robvis draws grey (and calls "Not applicable")."""
    tool = _tool(tool)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Study", *_columns(tool), "Weight"])
    for study, row in zip(studies, _rows(studies, tool), strict=True):
        judged = ["NA" if j == NOT_JUDGED else j.capitalize() for j in row.judgements]
        # robvis reads a weight only as plain digits: "0.00001", never "1e-05"
        writer.writerow([safe_cell(study.study), *judged, format(Decimal(repr(row.weight)), "f")])
    return out.getvalue()
