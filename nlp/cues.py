"""Cue lists and patterns, loaded from the TOML data files in `config/cues/` (or another folder).

Every cue has an id, so a wrong claim can be traced to the cue that made it. Loading is cached
per folder; the compiled patterns are immutable and shared.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from nlp.errors import CueError
from nlp.records import KINDS, STATUSES

TRIGGER_ROLES = ("enable", "block", "order", "inquiry")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _has_capitals(pattern: str) -> bool:
    """A capital letter that is not an escape (\\S, \\W): the pattern cannot be matched on `fold`ed text as written."""
    return re.search(r"(?<!\\)[A-Z]", pattern) is not None


def fold(text: str) -> str:
    """ASCII letters lowered, nothing else changed (offsets stay valid): the form `Cue.fast` reads.
    Cue patterns are written in lower case, so this matches as the case-insensitive `regex` does,
    at about twice the speed."""
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class Cue:
    id: str
    label: str  # a status, a kind or a trigger role
    regex: re.Pattern  # case-insensitive
    weight: float = 1.0
    on: str = "sentence"  # kind cues: "sentence", "guest" or "host" (matched on that entity's name)
    background: bool = False  # status cues telling the past
    fast: re.Pattern | None = None  # the same pattern, case-sensitive, for text passed through `fold`

    def finditer(self, folded: str):
        return (self.fast or self.regex).finditer(folded)

    def search(self, folded: str):
        return (self.fast or self.regex).search(folded)


@dataclass(frozen=True)
class Rewrite:
    id: str
    regex: re.Pattern  # case-sensitive, applied to text passed through `fold`
    replace: str
    pad_before: bool = False  # a shorter replacement is padded with spaces before it, not after ("is also set" -> "   is set")


@dataclass(frozen=True)
class RelevanceTerms:
    terms: tuple[Cue, ...]
    half: float
    title_factor: float
    cap: int


@dataclass(frozen=True)
class EntityContext:
    app_nouns: frozenset[str]
    regulator_nouns: frozenset[str]
    regulator_name_words: frozenset[str]
    company_suffixes: frozenset[str]
    legal_forms: frozenset[str]  # other countries' legal forms: they end a company's name too
    group_endings: frozenset[str]  # "Japan Online Game Association": a body companies form
    law_words: frozenset[str]  # "Digital Markets Act": the name of a law, no entity
    company_nouns: frozenset[str]
    descriptor_nouns: frozenset[str]
    outlets: frozenset[str]  # case-folded
    source_patterns: tuple[str, ...]  # with a {X} slot
    platforms: tuple[tuple[str, re.Pattern, re.Pattern, re.Pattern | None], ...] = ()  # (kind, nouns, names, -)
    never_hosts: re.Pattern | None = None  # standards and protocols: carried by platforms, never hosts
    # (kind, context, names, from): a company host, or an app host whose name matches `from` (a phone or
    # its operating system), stands for its owner's platform of that kind (names) in such a context
    kind_platforms: tuple[tuple[str, re.Pattern, re.Pattern, re.Pattern | None], ...] = ()


@dataclass(frozen=True)
class Cues:
    triggers: tuple[Cue, ...]
    statuses: tuple[Cue, ...]
    rewrites: tuple[Rewrite, ...]
    kinds: tuple[Cue, ...]
    relevance: RelevanceTerms
    context: EntityContext
    rivals: tuple[Cue, ...] = ()  # a claim with a generic guest needs one of these in its evidence


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise CueError(f"{path}: cue file missing") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise CueError(f"{path}: not valid TOML: {e}") from e


def _compile(path: Path, raw: dict, labels: tuple[str, ...], label_key: str, seen: set[str]) -> Cue:
    where = f"{path}: cue {raw.get('id', '?')!r}"
    if not isinstance(raw.get("id"), str) or not raw["id"]:
        raise CueError(f"{path}: a cue has no 'id'")
    if raw["id"] in seen:
        raise CueError(f"{where}: id used twice")
    seen.add(raw["id"])
    label = raw.get(label_key)
    if labels and label not in labels:
        raise CueError(f"{where}: {label_key} {label!r} is not one of {', '.join(labels)}")
    try:
        regex = re.compile(raw["pattern"], re.IGNORECASE)
        fast = None if _has_capitals(raw["pattern"]) or "(?i)" in raw["pattern"] else re.compile(raw["pattern"])
    except (KeyError, re.error) as e:
        raise CueError(f"{where}: bad or missing pattern: {e}") from e
    on = raw.get("on", "sentence")
    if on not in ("sentence", "guest", "host"):
        raise CueError(f"{where}: 'on' must be 'sentence', 'guest' or 'host'")
    return Cue(id=raw["id"], label=label or "", regex=regex, weight=float(raw.get("weight", 1.0)),
               on=on, background=bool(raw.get("background", False)), fast=fast)


@functools.lru_cache(maxsize=8)
def load_cues(data_dir: Path) -> Cues:
    """Load and validate every cue file in `data_dir`; raise CueError naming file and cue."""
    data_dir = Path(data_dir)
    seen: set[str] = set()
    trig = _read(data_dir / "triggers.toml")
    triggers = tuple(_compile(data_dir / "triggers.toml", c, TRIGGER_ROLES, "role", seen) for c in trig.get("cue", []))
    st = _read(data_dir / "status_cues.toml")
    statuses = tuple(_compile(data_dir / "status_cues.toml", c, STATUSES, "status", seen) for c in st.get("cue", []))
    rewrites = []
    for r in st.get("rewrite", []):
        try:
            if not isinstance(r.get("pad_before", False), bool):
                raise CueError(f"{data_dir / 'status_cues.toml'}: rewrite {r.get('id')!r}: pad_before must be true or false")
            rewrites.append(Rewrite(r["id"], re.compile(r["pattern"] if not _has_capitals(r["pattern"])
                                                    else "(?i)" + r["pattern"]), r["replace"], r.get("pad_before", False)))
        except (KeyError, re.error) as e:
            raise CueError(f"{data_dir / 'status_cues.toml'}: rewrite {r.get('id')!r}: {e}") from e
    kd = _read(data_dir / "kind_cues.toml")
    kinds = tuple(_compile(data_dir / "kind_cues.toml", c, KINDS, "kind", seen) for c in kd.get("cue", []))
    rel = _read(data_dir / "relevance.toml")
    terms = tuple(_compile(data_dir / "relevance.toml", c, (), "", seen) for c in rel.get("term", []))
    relevance = RelevanceTerms(terms=terms, half=float(rel.get("half", 10.0)),
                               title_factor=float(rel.get("title_factor", 2.0)), cap=int(rel.get("cap", 4)))
    ctx = _read(data_dir / "entity_context.toml")
    src = _read(data_dir / "sources.toml")
    for pat in src.get("source_patterns", []):
        if "{X}" not in pat:
            raise CueError(f"{data_dir / 'sources.toml'}: source pattern {pat!r} has no {{X}} slot")
    context = EntityContext(
        app_nouns=frozenset(w.lower() for w in ctx.get("app_nouns", [])),
        regulator_nouns=frozenset(w.lower() for w in ctx.get("regulator_nouns", [])),
        regulator_name_words=frozenset(ctx.get("regulator_name_words", [])),
        company_suffixes=frozenset(ctx.get("company_suffixes", [])),
        legal_forms=frozenset(ctx.get("legal_forms", [])),
        group_endings=frozenset(ctx.get("group_endings", [])),
        law_words=frozenset(ctx.get("law_words", [])),
        company_nouns=frozenset(w.lower() for w in ctx.get("company_nouns", [])),
        descriptor_nouns=frozenset(w.lower() for w in ctx.get("descriptor_nouns", [])),
        outlets=frozenset(o.casefold() for o in src.get("outlets", [])),
        source_patterns=tuple(src.get("source_patterns", [])),
        platforms=_platforms(data_dir / "entity_context.toml", ctx.get("platforms", {})),
        kind_platforms=_platforms(data_dir / "entity_context.toml", ctx.get("kind_platforms", {}), first="context"),
        never_hosts=_pattern(data_dir / "entity_context.toml", "never_hosts", ctx.get("never_hosts")),
    )
    rv = _read(data_dir / "rivals.toml")
    rivals = tuple(_compile(data_dir / "rivals.toml", c, (), "", seen) for c in rv.get("cue", []))
    return Cues(triggers=triggers, statuses=statuses, rewrites=tuple(rewrites), kinds=kinds,
                relevance=relevance, context=context, rivals=rivals)


def _pattern(path: Path, key: str, raw) -> re.Pattern | None:
    if raw is None:
        return None
    try:
        return re.compile(raw)
    except (TypeError, re.error) as e:
        raise CueError(f"{path}: {key}: not a valid pattern: {e}") from e


def _platforms(path: Path, raw: dict, first: str = "nouns") -> tuple[tuple[str, re.Pattern, re.Pattern, re.Pattern | None], ...]:
    out = []
    for kind, table in raw.items():
        if kind not in KINDS:
            raise CueError(f"{path}: platforms.{kind}: not a kind ({', '.join(KINDS)})")
        try:
            out.append((kind, re.compile(table[first], re.IGNORECASE), re.compile(table["names"]),
                        re.compile(table["from"]) if "from" in table else None))
        except (KeyError, re.error) as e:
            raise CueError(f"{path}: {kind}: needs valid '{first}' and 'names' patterns: {e}") from e
    return tuple(out)
