"""Records the nlp package takes and returns. No spaCy object leaves `nlp/`."""

from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("company", "app", "regulator")
KINDS = ("payment", "links", "messaging", "app_distribution", "device_access", "data_portability", "other")
STATUSES = ("live", "planned", "pending", "unclear", "refused", "ordered")


@dataclass(frozen=True)
class ArticleText:
    """What the NLP pipeline reads: an article's id, title and body text."""

    id: str
    title: str
    text: str
    language: str | None = None


@dataclass(frozen=True)
class EntityRef:
    """A canonical entity found in an article."""

    id: str  # knowledge base id, or a derived id ("model:foo-bar") for entities the KB lacks
    name: str  # canonical name
    type: str  # one of ENTITY_TYPES
    owner_id: str | None = None
    country: str | None = None
    source: str = "kb"  # "kb" or "model"
    confidence: float = 1.0
    surface: str | None = None  # the article's own spelling ("Justice Department"), set by `analyse`


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in the article text (character offsets into `text`)."""

    entity_id: str
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    """An interoperability claim: `host` lets (or will, must, won't let) `guest` in."""

    host_id: str | None
    host: str
    guest_id: str | None
    guest: str | None  # None where the guest is generic ("external links")
    kind: str  # one of KINDS
    status: str  # one of STATUSES
    evidence: str  # the sentence(s) the claim rests on
    start: int  # character offsets of the evidence in `text`
    end: int
    confidence: float = 1.0
    host_surface: str | None = None  # host and guest as the evidence spells them, set by `analyse`
    guest_surface: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article, or the reason it could not be analysed."""

    article_id: str
    relevant: bool
    relevance_score: float
    entities: tuple[EntityRef, ...] = ()
    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    error: str | None = None  # set when the article could not be analysed
    warnings: tuple[str, ...] = field(default=())
