"""extraction_to_json: an Extraction as the scorer's JSON object (SCHEMA.md) plus extra keys.

Names are written as the article spells them (`name`, `host`, `guest`), as annotators list them;
the knowledge base's canonical names and ids go in extra keys (`canonical`, `id`, `host_id`...).
"""

from __future__ import annotations

from nlp.records import Extraction


def extraction_to_json(extraction: Extraction) -> dict:
    names = {e.id: e.name for e in extraction.entities}
    out = {
        "id": extraction.article_id,
        "relevant": extraction.relevant,
        "relevance_score": extraction.relevance_score,
        "entities": [
            {"name": e.surface or e.name, "type": e.type, "id": e.id, "canonical": e.name,
             "owner": names.get(e.owner_id, e.owner_id) if e.owner_id else None,
             "owner_id": e.owner_id, "country": e.country, "source": e.source, "confidence": e.confidence,
             "mentions": sum(1 for m in extraction.mentions if m.entity_id == e.id)}
            for e in extraction.entities
        ],
        "claims": [
            {"host": c.host_surface or c.host, "guest": c.guest_surface or c.guest, "kind": c.kind, "status": c.status,
             "evidence": c.evidence, "start": c.start, "end": c.end, "confidence": c.confidence,
             "host_id": c.host_id, "guest_id": c.guest_id, "host_canonical": c.host, "guest_canonical": c.guest}
            for c in extraction.claims
        ],
    }
    if extraction.error:
        out["error"] = extraction.error
    if extraction.warnings:
        out["warnings"] = list(extraction.warnings)
    return out
