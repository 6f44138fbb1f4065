"""Claims with their records, as JSON."""

from __future__ import annotations

import json


def write(review, entries) -> str:
    documents = []
    for entry in entries:
        doc = entry.claim.to_doc()
        doc.pop("schema")
        doc["record"] = entry.record.to_json() if entry.record else {"id": entry.claim.record}
        documents.append(doc)
    return json.dumps({"review": review.name, "claims": documents}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
