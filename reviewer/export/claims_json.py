"""Claims with their records, as JSON."""

from __future__ import annotations

import json


def write(review, claims) -> str:
    documents = []
    for claim in claims:
        doc = claim.annotation.to_doc()
        doc.pop("schema")
        doc["record"] = claim.record.to_json() if claim.record else {"id": claim.annotation.record}
        documents.append(doc)
    return json.dumps({"review": review.name, "claims": documents}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
