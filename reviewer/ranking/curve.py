"""The recall curve of a simulation: as text for the terminal, and as an SVG image."""

from __future__ import annotations

from html import escape

import numpy as np

WIDTH, HEIGHT = 60, 12


def text_curve(recall: np.ndarray, stopped_at: int | None = None, width: int = WIDTH, height: int = HEIGHT) -> str:
    """Recall (up) against the share of records screened (across); `·` is random order and
    `|` where the stopping aid said stop (counted after the priors)."""
    total = len(recall)
    rows = [[" "] * width for _ in range(height)]
    for column in range(width):
        screened = max(1, round((column + 1) / width * total))
        for value, mark in (((column + 1) / width, "·"), (float(recall[screened - 1]) if total else 0.0, "█")):
            # Row r (from the bottom) holds values from r/(height-1): the top row is full recall
            # only (97.8% was drawn there, so the text said 100% where the SVG did not).
            level = height - 1 - min(height - 1, int(value * (height - 1) + 1e-9))
            if mark == "█" or rows[level][column] == " ":
                rows[level][column] = mark
    if stopped_at is not None and total:
        column = min(width - 1, max(0, round(stopped_at / total * width) - 1))
        for cells in rows:
            if cells[column] == " ":
                cells[column] = "|"
    axis = ["100%"] + ["    "] * (height - 2) + ["  0%"]
    lines = [f"{label} ┤{''.join(cells)}" for label, cells in zip(axis, rows, strict=True)]
    lines.append("      └" + "─" * width)
    lines.append(f"       0%{'records screened':^{width - 8}}100%")
    return "\n".join(lines)


def svg_curve(recall: np.ndarray, title: str, stopped_at: int | None = None) -> str:
    """A standalone SVG: the recall curve, random order as a dashed diagonal, the stop marked."""
    left, top, width, height = 60, 40, 520, 320
    total = len(recall)
    step = max(1, total // 1000)  # at most about a thousand points
    points = [(0.0, 0.0)] + [((i + 1) / total, float(recall[i])) for i in range(0, total, step)]
    if total and points[-1][0] != 1.0:
        points.append((1.0, float(recall[-1])))

    def at(x: float, y: float) -> str:
        return f"{left + x * width:.1f},{top + (1 - y) * height:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 30}" height="{top + height + 60}" '
        'font-family="sans-serif" font-size="12">',
        f'<text x="{left}" y="24" font-size="14">{escape(title)}</text>',
        f'<rect x="{left}" y="{top}" width="{width}" height="{height}" fill="none" stroke="#999"/>',
        f'<polyline points="{at(0, 0)} {at(1, 1)}" fill="none" stroke="#999" stroke-dasharray="4 4"/>',
        f'<polyline points="{" ".join(at(x, y) for x, y in points)}" fill="none" stroke="#1565c0" stroke-width="2"/>',
    ]
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<text x="{left - 8}" y="{top + (1 - share) * height + 4:.1f}" text-anchor="end">{share:.0%}</text>'
        )
        parts.append(
            f'<text x="{left + share * width:.1f}" y="{top + height + 18}" text-anchor="middle">{share:.0%}</text>'
        )
    parts.append(f'<text x="{left + width / 2}" y="{top + height + 40}" text-anchor="middle">records screened</text>')
    parts.append(
        f'<text x="16" y="{top + height / 2}" transform="rotate(-90 16 {top + height / 2})" '
        'text-anchor="middle">recall</text>'
    )
    if stopped_at is not None and total:
        x = left + stopped_at / total * width
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + height}" stroke="#2e7d32"/>')
        near_right = x > left + width * 0.7  # the label goes left of the line there, inside the frame
        anchor = f'x="{x - 4:.1f}" text-anchor="end"' if near_right else f'x="{x + 4:.1f}"'
        parts.append(f'<text {anchor} y="{top + 14}" fill="#2e7d32">stopping aid: stop</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
