"""The knowledge base: companies, apps/services and regulators with aliases, owners, countries.

Data lives in TOML files (`config/kb/*.toml`, format in `config/kb/README.md`). This module
loads and validates them; it does no NLP.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from nlp.errors import KnowledgeBaseError
from nlp.records import ENTITY_TYPES

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
ENTITY_KEYS = {"id", "name", "type", "aliases", "owner", "country", "ambiguous", "context_required", "note"}
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")  # ISO 3166-1 alpha-2, or "EU" for EU institutions
NOT_ISO = {"UK": "GB", "EL": "GR"}  # codes people reach for that ISO 3166-1 does not assign
# which types may own which: a company is owned by a company, a regulator sits under a regulator,
# an app is run by a company or (a public payment system, a central bank currency) a regulator
OWNER_TYPES = {"company": ("company",), "app": ("company", "regulator"), "regulator": ("regulator",)}


@dataclass(frozen=True)
class KBEntity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    owner_id: str | None = None
    country: str | None = None
    ambiguous: tuple[str, ...] = ()  # aliases this entity shares with another, on purpose
    context_required: tuple[str, ...] = ()  # names that are also common words: keep only with context

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class KnowledgeBase:
    entities: dict[str, KBEntity]
    by_alias: dict[str, tuple[str, ...]]  # alias_key(name) -> entity ids (several if ambiguous)

    def lookup(self, name: str) -> tuple[KBEntity, ...]:
        return tuple(self.entities[i] for i in self.by_alias.get(alias_key(name), ()))

    def owner_of(self, entity_id: str) -> KBEntity | None:
        owner = self.entities[entity_id].owner_id
        return self.entities.get(owner) if owner else None


def alias_key(name: str) -> str:
    """The form aliases are compared in: case-folded, curly quotes straightened, spaces squeezed."""
    s = name.casefold().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", s).strip()


def load_knowledge_base(kb_dir: Path) -> KnowledgeBase:
    """Load every `*.toml` file under `kb_dir` and validate the whole; raise KnowledgeBaseError."""
    kb_dir = Path(kb_dir)
    files = sorted(kb_dir.glob("*.toml"))
    if not files:
        raise KnowledgeBaseError(f"knowledge base: no *.toml files in {kb_dir}; point nlp.kb_dir at the folder holding them")
    entities: dict[str, KBEntity] = {}
    origin: dict[str, str] = {}
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise KnowledgeBaseError(f"{path}: not valid TOML: {e}") from e
        unknown = set(data) - {"entity"}
        if unknown:
            raise KnowledgeBaseError(f"{path}: unknown top-level key(s) {sorted(unknown)}; entries go in [[entity]] tables")
        for n, raw in enumerate(data.get("entity", []), 1):
            ent = _parse_entity(raw, f"{path}: entity #{n}")
            if ent.id in entities:
                raise KnowledgeBaseError(f"{path}: entity id {ent.id!r} is already defined in {origin[ent.id]}")
            entities[ent.id] = ent
            origin[ent.id] = str(path)
    return KnowledgeBase(entities=entities, by_alias=_index_aliases(entities, origin))


def _parse_entity(raw: dict, where: str) -> KBEntity:
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{where}: expected a table")
    if isinstance(raw.get("id"), str) and raw["id"].strip():
        where = f"{where} ({raw['id']})"
    unknown = set(raw) - ENTITY_KEYS
    if unknown:
        raise KnowledgeBaseError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(ENTITY_KEYS)}")
    for key in ("id", "name", "type"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise KnowledgeBaseError(f"{where}: {key!r} must be a non-empty string")
    if not ID_RE.match(raw["id"]):
        raise KnowledgeBaseError(f"{where}: id must be lower-case letters, digits, '_', '.', '-'")
    if raw["type"] not in ENTITY_TYPES:
        raise KnowledgeBaseError(f"{where}: type {raw['type']!r} is not one of {', '.join(ENTITY_TYPES)}")
    lists = {}
    for key in ("aliases", "ambiguous", "context_required"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise KnowledgeBaseError(f"{where}: {key!r} must be a list of non-empty strings")
        lists[key] = tuple(value)
    for key in ("owner", "country", "note"):
        if key in raw and not isinstance(raw[key], str):
            raise KnowledgeBaseError(f"{where}: {key!r} must be a string")
    spellings = (raw["name"], *lists["aliases"])
    twice = sorted({n for n in spellings if spellings.count(n) > 1})
    if twice:
        raise KnowledgeBaseError(f"{where}: {twice} listed twice among its name and aliases")
    names = {alias_key(n) for n in spellings}
    for key in ("ambiguous", "context_required"):
        stray = [a for a in lists[key] if alias_key(a) not in names]
        if stray:
            raise KnowledgeBaseError(f"{where}: {key!r} lists {stray}, which are not among its name and aliases")
    country = raw.get("country")
    if country is not None and country != "EU" and not COUNTRY_RE.match(country):
        raise KnowledgeBaseError(f"{where}: country {country!r} is not an ISO 3166-1 alpha-2 code (or \"EU\")")
    if country in NOT_ISO:
        raise KnowledgeBaseError(f"{where}: country {country!r} is not ISO 3166-1; use {NOT_ISO[country]!r}")
    if raw.get("owner") == raw["id"]:
        raise KnowledgeBaseError(f"{where}: an entity cannot own itself")
    return KBEntity(
        id=raw["id"], name=raw["name"], type=raw["type"], aliases=lists["aliases"],
        owner_id=raw.get("owner") or None, country=country or None, ambiguous=lists["ambiguous"],
        context_required=lists["context_required"],
    )


def _index_aliases(entities: dict[str, KBEntity], origin: dict[str, str]) -> dict[str, tuple[str, ...]]:
    for ent in entities.values():
        _check_owner(ent, entities, origin)
    by_alias: dict[str, list[str]] = {}
    spelled: dict[tuple[str, str], str] = {}  # (entity id, alias key) -> the spelling as written
    for ent in entities.values():
        for name in ent.names:
            key = alias_key(name)
            spelled.setdefault((ent.id, key), name)
            if ent.id not in by_alias.setdefault(key, []):
                by_alias[key].append(ent.id)
    for key, ids in by_alias.items():
        if len(ids) > 1:
            unmarked = [i for i in ids if key not in {alias_key(a) for a in entities[i].ambiguous}]
            if unmarked:
                first = unmarked[0]
                others = ", ".join(f"{i!r} ({origin[i]})" for i in ids if i != first)
                raise KnowledgeBaseError(
                    f"{origin[first]}: entity {first!r}: alias {spelled[first, key]!r} is also claimed by {others}; "
                    f"mark it in 'ambiguous' of every entity that claims it if all are meant, or keep it on one only"
                )
    for ent in entities.values():
        for alias in ent.ambiguous:
            if len(by_alias[alias_key(alias)]) < 2:
                raise KnowledgeBaseError(
                    f"{origin[ent.id]}: entity {ent.id!r}: 'ambiguous' lists {alias!r}, but no other entity claims it; "
                    f"a name that is also a common word goes in 'context_required'"
                )
    return {k: tuple(v) for k, v in by_alias.items()}


def _check_owner(ent: KBEntity, entities: dict[str, KBEntity], origin: dict[str, str]) -> None:
    if not ent.owner_id:
        return
    where = f"{origin[ent.id]}: entity {ent.id!r}"
    owner = entities.get(ent.owner_id)
    if owner is None:
        raise KnowledgeBaseError(f"{where}: owner {ent.owner_id!r} is not a known entity id")
    if owner.type not in OWNER_TYPES[ent.type]:
        raise KnowledgeBaseError(
            f"{where}: owner {owner.id!r} is a {owner.type}; a {ent.type} is owned by a {' or a '.join(OWNER_TYPES[ent.type])}"
        )
    seen = [ent.id]
    while owner is not None:
        if owner.id in seen:
            raise KnowledgeBaseError(f"{where}: ownership runs in a circle: {' -> '.join([*seen, owner.id])}")
        seen.append(owner.id)
        owner = entities.get(owner.owner_id) if owner.owner_id else None
