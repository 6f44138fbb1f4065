"""Agreement between reviewers: Cohen's kappa for pairs, Fleiss' kappa for three or more,
and overlap-based agreement on tagged spans."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from reviewer.domain.claim import Claim


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters' labels on the same items; None when it is undefined
    (no items, or chance agreement is already 1 because both used one label throughout)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def fleiss_kappa(table: Sequence[Sequence[int]]) -> float | None:
    """Fleiss' kappa from a table of items × categories, each cell the number of raters who
    put that item in that category (every item rated by the same number of raters)."""
    if not table:
        return None
    raters = sum(table[0])
    if raters < 2 or any(sum(row) != raters for row in table):
        raise ValueError("every item needs the same number of raters, at least two")
    items = len(table)
    per_item = [(sum(c * c for c in row) - raters) / (raters * (raters - 1)) for row in table]
    observed = sum(per_item) / items
    shares = [sum(row[j] for row in table) / (items * raters) for j in range(len(table[0]))]
    expected = sum(p * p for p in shares)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class PairAgreement:
    reviewers: tuple[str, str]
    records: int
    agreed: int
    percent: float | None
    kappa: float | None
    counts: dict[str, int]  # "include/exclude" -> how many records got that pair of labels

    def to_json(self) -> dict:
        return {
            "reviewers": list(self.reviewers),
            "records_both_screened": self.records,
            "agreed": self.agreed,
            "percent_agreement": None if self.percent is None else round(self.percent, 2),
            "cohen_kappa": None if self.kappa is None else round(self.kappa, 4),
            "counts": self.counts,
        }


def pair_agreements(labels: Mapping[str, Mapping[str, str]]) -> list[PairAgreement]:
    """For every pair of reviewers (reviewer -> record -> label), on the records both labelled."""
    found = []
    for first, second in combinations(sorted(labels), 2):
        shared = sorted(set(labels[first]) & set(labels[second]))
        pairs = [(labels[first][r], labels[second][r]) for r in shared]
        agreed = sum(a == b for a, b in pairs)
        found.append(
            PairAgreement(
                reviewers=(first, second),
                records=len(pairs),
                agreed=agreed,
                percent=100 * agreed / len(pairs) if pairs else None,
                kappa=cohen_kappa(pairs),
                counts=dict(sorted(Counter(f"{a}/{b}" for a, b in pairs).items())),
            )
        )
    return found


def fleiss_for(labels: Mapping[str, Mapping[str, str]], categories: Sequence[str]) -> tuple[float | None, int]:
    """Fleiss' kappa over the records every reviewer labelled, and how many those are."""
    if len(labels) < 3:
        return None, 0
    shared = set.intersection(*(set(by_record) for by_record in labels.values()))
    table = [[sum(labels[r][record] == c for r in labels) for c in categories] for record in sorted(shared)]
    return (fleiss_kappa(table) if table else None), len(table)


def spans_overlap(a: Claim, b: Claim) -> bool:
    """The same passage: the spans share at least half of the shorter one."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    return a.record == b.record and shared > 0 and shared * 2 >= min(a.end - a.start, b.end - b.start)


def span_agreement(first: list[Claim], second: list[Claim]) -> dict[str, dict]:
    """Per tag: how many of each reviewer's spans the other also tagged (overlap-based), and
    the share of all spans that found a partner."""
    result = {}
    for tag in sorted({t for a in first + second for t in a.tags}):
        mine = [a for a in first if tag in a.tags]
        theirs = [a for a in second if tag in a.tags]
        matched_mine = sum(any(spans_overlap(a, b) for b in theirs) for a in mine)
        matched_theirs = sum(any(spans_overlap(b, a) for a in mine) for b in theirs)
        total = len(mine) + len(theirs)
        result[tag] = {
            "spans": [len(mine), len(theirs)],
            "matched": [matched_mine, matched_theirs],
            "agreement": round((matched_mine + matched_theirs) / total, 4) if total else None,
        }
    return result


def span_agreements(claims: Sequence[Claim]) -> list[dict]:
    """For every pair of reviewers who tagged spans, `span_agreement` on their claims."""
    by_reviewer: dict[str, list[Claim]] = {}
    for claim in claims:
        by_reviewer.setdefault(claim.reviewer, []).append(claim)
    return [
        {"reviewers": [a, b], "tags": span_agreement(by_reviewer[a], by_reviewer[b])}
        for a, b in combinations(sorted(by_reviewer), 2)
    ]
