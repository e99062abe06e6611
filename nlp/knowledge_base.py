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
ENTITY_KEYS = {"id", "name", "type", "aliases", "owner", "country", "ambiguous", "note"}


@dataclass(frozen=True)
class KBEntity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    owner_id: str | None = None
    country: str | None = None
    ambiguous: tuple[str, ...] = ()  # aliases this entity shares with another, on purpose

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
    unknown = set(raw) - ENTITY_KEYS
    if unknown:
        raise KnowledgeBaseError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(ENTITY_KEYS)}")
    for key in ("id", "name", "type"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise KnowledgeBaseError(f"{where}: {key!r} must be a non-empty string")
    where = f"{where} ({raw['id']})"
    if not ID_RE.match(raw["id"]):
        raise KnowledgeBaseError(f"{where}: id must be lower-case letters, digits, '_', '.', '-'")
    if raw["type"] not in ENTITY_TYPES:
        raise KnowledgeBaseError(f"{where}: type {raw['type']!r} is not one of {', '.join(ENTITY_TYPES)}")
    lists = {}
    for key in ("aliases", "ambiguous"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise KnowledgeBaseError(f"{where}: {key!r} must be a list of non-empty strings")
        lists[key] = tuple(value)
    for key in ("owner", "country", "note"):
        if key in raw and not isinstance(raw[key], str):
            raise KnowledgeBaseError(f"{where}: {key!r} must be a string")
    names = {alias_key(n) for n in (raw["name"], *lists["aliases"])}
    stray = [a for a in lists["ambiguous"] if alias_key(a) not in names]
    if stray:
        raise KnowledgeBaseError(f"{where}: 'ambiguous' lists {stray}, which are not among its name and aliases")
    return KBEntity(
        id=raw["id"], name=raw["name"], type=raw["type"], aliases=lists["aliases"],
        owner_id=raw.get("owner") or None, country=raw.get("country") or None, ambiguous=lists["ambiguous"],
    )


def _index_aliases(entities: dict[str, KBEntity], origin: dict[str, str]) -> dict[str, tuple[str, ...]]:
    by_alias: dict[str, list[str]] = {}
    for ent in entities.values():
        if ent.owner_id and ent.owner_id not in entities:
            raise KnowledgeBaseError(f"{origin[ent.id]}: entity {ent.id!r}: owner {ent.owner_id!r} is not a known entity id")
        for name in dict.fromkeys(alias_key(n) for n in ent.names):
            by_alias.setdefault(name, []).append(ent.id)
    for key, ids in by_alias.items():
        if len(ids) > 1:
            unmarked = [i for i in ids if key not in {alias_key(a) for a in entities[i].ambiguous}]
            if unmarked:
                raise KnowledgeBaseError(
                    f"alias {key!r} is claimed by {', '.join(ids)}; mark it in 'ambiguous' of "
                    f"{', '.join(unmarked)} if both are meant, or remove it from all but one"
                )
    return {k: tuple(v) for k, v in by_alias.items()}
