"""A week's rows from the store -> the Digest: frozen records, ready to render. Pure.

    build_digest(rows: WeekRows, week, generated_at, top_entities=10) -> Digest

Everything that came from an article (titles, evidence, URLs, names) is untrusted. Here it is
cleaned of control characters and cut to a sane length; a URL survives only if it is an http or
https URL (`safe_url`), so a `javascript:` or `data:` link is never rendered as a link. Escaping
for HTML is the templates' job (Jinja2 autoescape).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from pipeline.digest.week import Week

STATUSES = ("live", "ordered", "planned", "pending", "unclear", "refused")  # display order
KINDS = ("payment", "links", "messaging", "app_distribution", "device_access", "data_portability", "other")
KIND_LABELS = {"payment": "payments", "links": "links", "messaging": "messaging", "app_distribution": "app distribution",
               "device_access": "device access", "data_portability": "data portability", "other": "other"}
STATUS_COLOURS = {"live": "#2e7d32", "ordered": "#6a1b9a", "planned": "#1565c0", "pending": "#ef6c00",
                  "unclear": "#757575", "refused": "#c62828"}
MAX_TITLE = 200
MAX_EVIDENCE = 500
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class WeekRows:
    """What the store returned for a week (dicts from pipeline.store.digests), before any shaping."""

    claims: tuple[dict, ...] = ()
    status_changes: tuple[dict, ...] = ()
    mentions: tuple[dict, ...] = ()
    previous_mentions: tuple[dict, ...] = ()
    sources: tuple[dict, ...] = ()
    late_arrivals: tuple[dict, ...] = ()
    late_claims: tuple[dict, ...] = ()
    claims_by_day: tuple[dict, ...] = ()  # (day, status, claims) over the chart's weeks


class _ClaimLabels:
    """Display labels shared by claim-shaped records (those with `guest` and `kind`)."""

    @property
    def guest_label(self) -> str:
        return self.guest or "third parties"  # a generic guest ("rival app stores")

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class ClaimItem(_ClaimLabels):
    host: str
    guest: str | None
    kind: str
    status: str
    evidence: str
    title: str
    url: str | None  # None when the stored URL is not http(s)
    day: str


@dataclass(frozen=True)
class ClaimGroup:
    status: str
    kind: str
    claims: tuple[ClaimItem, ...]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "#757575")


@dataclass(frozen=True)
class StatusChange(_ClaimLabels):
    host: str
    guest: str | None
    kind: str
    previous_status: str
    status: str
    day: str
    evidence: str
    title: str
    url: str | None



@dataclass(frozen=True)
class EntityCount:
    name: str
    type: str
    mentions: int
    articles: int
    previous_mentions: int

    @property
    def change(self) -> int:
        return self.mentions - self.previous_mentions

    @property
    def change_label(self) -> str:
        if self.previous_mentions == 0:
            return "new"
        return f"{self.change:+d}" if self.change else "="


@dataclass(frozen=True)
class SourceCount:
    source: str
    articles: int
    relevant: int
    late: int


@dataclass(frozen=True)
class LateArrival:
    title: str
    url: str | None
    source: str
    day: str
    first_seen: str
    claims: tuple[ClaimItem, ...]


@dataclass(frozen=True)
class ChartBar:
    status: str
    count: int
    percent: float  # share of the widest week's total, 0-100

    @property
    def colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "#757575")


@dataclass(frozen=True)
class ChartWeek:
    week: str
    label: str  # "23 Nov"
    total: int
    bars: tuple[ChartBar, ...]  # non-zero statuses, in STATUSES order

    @property
    def rest_percent(self) -> float:
        return max(0.0, round(100.0 - sum(b.percent for b in self.bars), 1))


@dataclass(frozen=True)
class Digest:
    week: Week
    generated_at: str
    claim_groups: tuple[ClaimGroup, ...] = ()
    status_changes: tuple[StatusChange, ...] = ()
    top_entities: tuple[EntityCount, ...] = ()
    sources: tuple[SourceCount, ...] = ()
    late_arrivals: tuple[LateArrival, ...] = ()
    chart: tuple[ChartWeek, ...] = ()
    statuses: tuple[str, ...] = field(default=STATUSES)

    @property
    def week_id(self) -> str:
        return str(self.week)

    @property
    def period(self) -> str:
        return self.week.label()

    @property
    def claim_count(self) -> int:
        return sum(len(g.claims) for g in self.claim_groups)

    @property
    def article_count(self) -> int:
        return sum(s.articles for s in self.sources)

    @property
    def chart_has_data(self) -> bool:
        return any(row.total for row in self.chart)

    @property
    def empty(self) -> bool:
        return not (self.claim_groups or self.status_changes or self.article_count or self.late_arrivals)

    @property
    def subject(self) -> str:
        if self.empty:
            return f"Interop Watch {self.week}: nothing moved"
        parts = [_plural(self.claim_count, "new claim"), _plural(len(self.status_changes), "status change")]
        if self.late_arrivals:
            parts.append(_plural(len(self.late_arrivals), "late arrival"))
        return f"Interop Watch {self.week}: " + ", ".join(parts)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def clean_text(value: object, limit: int) -> str:
    """Untrusted text -> one line without control or bidi-override characters, at most `limit` chars."""
    text = _CONTROL.sub(" ", str(value or ""))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_url(value: object) -> str | None:
    """The URL if it is an absolute http(s) URL with a host and no whitespace or control characters."""
    if not isinstance(value, str) or not value or len(value) > 2000:
        return None
    if _CONTROL.search(value) or any(c.isspace() for c in value) or '"' in value or "<" in value or ">" in value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def _title(row: dict) -> str:
    return clean_text(row.get("title"), MAX_TITLE) or clean_text(row.get("url"), MAX_TITLE) or "(untitled)"


def _claim_item(row: dict, title: str, url: str | None) -> ClaimItem:
    return ClaimItem(host=clean_text(row.get("host"), 120), guest=clean_text(row.get("guest"), 120) or None,
                     kind=str(row.get("kind")), status=str(row.get("status")),
                     evidence=clean_text(row.get("evidence"), MAX_EVIDENCE), title=title, url=url,
                     day=str(row.get("observed_on") or ""))


def _rank(order: tuple[str, ...], value: str) -> int:
    return order.index(value) if value in order else len(order)


def _claim_groups(rows: tuple[dict, ...]) -> tuple[ClaimGroup, ...]:
    seen: set[tuple] = set()
    groups: dict[tuple[str, str], list[ClaimItem]] = defaultdict(list)
    for row in rows:
        item = _claim_item(row, _title(row), safe_url(row.get("url")))
        key = (row.get("article_id"), item.host.lower(), (item.guest or "").lower(), item.kind, item.status)
        if key in seen:  # the same claim said twice in one article: listed once, first evidence kept
            continue
        seen.add(key)
        groups[(item.status, item.kind)].append(item)
    ordered = sorted(groups, key=lambda k: (_rank(STATUSES, k[0]), _rank(KINDS, k[1]), k))
    return tuple(ClaimGroup(status, kind, tuple(sorted(groups[(status, kind)], key=lambda c: (c.day, c.host.lower()))))
                 for status, kind in ordered)


def _status_changes(rows: tuple[dict, ...]) -> tuple[StatusChange, ...]:
    return tuple(StatusChange(host=clean_text(r.get("host"), 120), guest=clean_text(r.get("guest"), 120) or None,
                              kind=str(r.get("kind")), previous_status=str(r.get("previous_status")),
                              status=str(r.get("status")), day=str(r.get("observed_on") or ""),
                              evidence=clean_text(r.get("evidence"), MAX_EVIDENCE), title=_title(r),
                              url=safe_url(r.get("url")))
                 for r in rows)


def _top_entities(rows: tuple[dict, ...], previous: tuple[dict, ...], top: int) -> tuple[EntityCount, ...]:
    before = {r["id"]: int(r["mentions"]) for r in previous}
    ranked = sorted(rows, key=lambda r: (-int(r["mentions"]), -int(r["articles"]), str(r["name"]).lower()))
    return tuple(EntityCount(name=clean_text(r["name"], 120), type=str(r["type"]), mentions=int(r["mentions"]),
                             articles=int(r["articles"]), previous_mentions=before.get(r["id"], 0))
                 for r in ranked[:top])


def _late_arrivals(rows: tuple[dict, ...], claims: tuple[dict, ...]) -> tuple[LateArrival, ...]:
    by_article: dict[int, list[dict]] = defaultdict(list)
    for c in claims:
        by_article[c["article_id"]].append(c)
    out = []
    for r in rows:
        title, url = _title(r), safe_url(r.get("url"))
        items = tuple(_claim_item(c, title, url) for c in by_article.get(r["id"], ()))
        out.append(LateArrival(title=title, url=url, source=clean_text(r.get("source"), 80) or "(unknown)",
                               day=str(r.get("day") or ""), first_seen=str(r.get("first_seen_at") or "")[:10],
                               claims=items))
    return tuple(out)


def _sources(rows: tuple[dict, ...], late: tuple[LateArrival, ...]) -> tuple[SourceCount, ...]:
    late_counts = Counter(a.source for a in late)
    counts: dict[str, list[int]] = {}
    for r in rows:
        name = clean_text(r.get("source"), 80) or "(unknown)"
        counts[name] = [int(r["articles"]), int(r["relevant"] or 0)]
    for name in late_counts:
        counts.setdefault(name, [0, 0])
    return tuple(sorted((SourceCount(name, a, rel, late_counts.get(name, 0)) for name, (a, rel) in counts.items()),
                        key=lambda s: (-(s.articles + s.late), s.source)))


def _chart(rows: tuple[dict, ...], weeks: tuple[Week, ...]) -> tuple[ChartWeek, ...]:
    per_week: dict[Week, Counter] = {w: Counter() for w in weeks}
    for r in rows:
        try:
            week = Week.of(date.fromisoformat(str(r["day"])[:10]))
        except ValueError:
            continue
        if week in per_week:
            per_week[week][str(r["status"])] += int(r["claims"])
    widest = max((sum(c.values()) for c in per_week.values()), default=0) or 1
    chart = []
    for week in weeks:
        counts = per_week[week]
        bars = tuple(ChartBar(s, counts[s], round(100.0 * counts[s] / widest, 1)) for s in STATUSES if counts[s])
        chart.append(ChartWeek(str(week), f"{week.monday.day} {week.monday:%b}", sum(counts.values()), bars))
    return tuple(chart)


def build_digest(rows: WeekRows, week: Week, generated_at: str, top_entities: int = 10,
                 chart_weeks: tuple[Week, ...] = ()) -> Digest:
    """The digest of `week` from its rows; `chart_weeks` are the weeks the chart shows, oldest first."""
    late = _late_arrivals(rows.late_arrivals, rows.late_claims)
    return Digest(
        week=week, generated_at=generated_at,
        claim_groups=_claim_groups(rows.claims),
        status_changes=_status_changes(rows.status_changes),
        top_entities=_top_entities(rows.mentions, rows.previous_mentions, top_entities),
        sources=_sources(rows.sources, late),
        late_arrivals=late,
        chart=_chart(rows.claims_by_day, chart_weeks or (week,)),
    )
