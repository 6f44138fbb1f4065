"""Typo-tolerant matching of what a user types against short labels (tags, reasons, filters)."""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils


def label_score(query: str, label: str) -> float:
    """0-100: how well every word typed matches some word of `label`.

    A typed word scores 100 against a label word it starts ("pop" in "population"), else
    its similarity to the closest label word, so "desing" still finds "design".
    """
    typed = utils.default_process(query).split()
    words = utils.default_process(label).split()
    if not typed or not words:
        return 0.0
    total = 0.0
    for word in typed:
        if any(candidate.startswith(word) for candidate in words):
            total += 100.0
        else:
            total += process.extractOne(word, words, scorer=fuzz.ratio)[1]
    return total / len(typed)


def rank(query: str, labels: dict[str, str], cutoff: float = 60.0) -> list[tuple[str, float]]:
    """(key, score) of the labels that match `query`, best first (shorter labels win ties)."""
    scored = [(key, label_score(query, label)) for key, label in labels.items()]
    matching = [(key, score) for key, score in scored if score >= cutoff]
    return sorted(matching, key=lambda item: (-item[1], len(labels[item[0]])))
