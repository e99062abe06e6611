"""spaCy components of the Interop Watch pipeline, registered as factories on import.

    interop_paragraphs    a line break starts a sentence (before the parser)
    interop_relevance     the cheap keyword relevance score (doc._.interop_relevance)
    interop_kb_entities   knowledge base phrase matcher; overrides the statistical NER
    interop_entity_typer  links spans to canonical entities, types unknown ones by context,
                          drops outlets, people and places (doc._.interop_entities)
    interop_claims        interoperability claims per sentence (doc._.interop_claims)
"""

from nlp.components import claim_finder, entity_typer, kb_entities, paragraphs, relevance_gate  # noqa: F401
from nlp.components.extensions import register_extensions

register_extensions()
