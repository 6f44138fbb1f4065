"""The benchmarks' tables, printed alike: a header, a rule, one aligned row per figure."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

ROWS: list[tuple[str, str, str, str, str]] = []  # the speed table, filled by `row`


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print(" | ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True)))
    print("-+-".join("-" * width for width in widths))
    for row in rows:
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def row(what: str, size: str, values: list[float], unit: str, note: str = "") -> None:
    scale = 1000 if unit == "ms" else 1
    median = statistics.median(values) * scale
    p95 = percentile(values, 0.95) * scale
    ROWS.append((what, size, f"{median:,.2f} {unit}", f"{p95:,.2f} {unit}", note))
