"""What the relevance model reads of a record (light: the app imports it; the model, with
scikit-learn, loads only in the ranking process and in the commands that rank)."""

from __future__ import annotations

from reviewer.domain.record import Record

ABSTRACT_ONLY_CHARS = 4000  # of a source text without an abstract, what the model reads


def record_text(record: Record) -> str:
    """Title, abstract and keywords (the opening of the text when there is no abstract)."""
    body = record.abstract or record.text[:ABSTRACT_ONLY_CHARS]
    return " ".join((record.title, body, " ".join(record.keywords)))
