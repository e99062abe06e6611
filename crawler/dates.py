"""Publication dates: strings in the many shapes pages use -> ISO 8601.

    to_iso(value, latest=None) -> str | None     # one string, e.g. a meta tag's content
    date_in_text(text, latest=None) -> str | None  # the first date written out in visible text

A value with a time of day gives a datetime ("2019-11-19T05:45:00-05:00"), otherwise a date
("2019-11-19"). Dates before 1995 or after `latest` (an ISO date or datetime, e.g. when the page
was fetched; one day of slack for time zones) are rejected.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from importlib import resources

EARLIEST = date(1995, 1, 1)


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Month name or abbreviation (lower case, several languages) -> month number."""
    names = {}
    text = resources.files("crawler").joinpath("data/month_names.txt").read_text("utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            number, words = line.split(":", 1)
            for word in words.split():
                names.setdefault(word, int(number))
    return names


@lru_cache(maxsize=1)
def day_names() -> frozenset[str]:
    text = resources.files("crawler").joinpath("data/day_names.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _month_alternation() -> str:
    return "|".join(sorted((re.escape(n) for n in month_numbers()), key=len, reverse=True))


@lru_cache(maxsize=1)
def _text_patterns() -> list[tuple[re.Pattern, str]]:
    months = _month_alternation()
    return [
        (re.compile(r"\b(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)\b"), "ymd"),
        # November 19, 2019 / Nov. 19 2019
        (re.compile(rf"\b(?P<mn>{months})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b",
                    re.IGNORECASE), "mdy"),
        # 19 November 2019 / 19. November 2019 / 19 de novembro de 2019
        (re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<mn>{months})\.?,?\s+(?:de\s+)?"
                    r"(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE), "dmy"),
        # 19.11.2019: dots are day first
        (re.compile(r"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)\b"), "dmy-dots"),
        # 19/11/2019, day first unless impossible (11/19/2019); ambiguous ones (03/04/2019) skipped
        (re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b"), "dmy-num"),
    ]


def _bound(latest: str | None) -> date | None:
    if not latest:
        return None
    try:
        return datetime.fromisoformat(latest.strip().replace("Z", "+00:00")).date() + timedelta(days=1)
    except ValueError:
        return None


def _plausible(day: date, latest: str | None) -> bool:
    upper = _bound(latest)
    return day >= EARLIEST and (upper is None or day <= upper)


def _format(value: datetime, has_time: bool) -> str:
    if not has_time:
        return value.date().isoformat()
    return value.isoformat(timespec="seconds")


_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")


_W3C_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?$")  # sitemaps' W3C dates may stop at the year or month


def parse_instant(text: str | None) -> datetime | None:
    """An aware UTC datetime from RFC 822 (RSS), ISO 8601 / W3C (Atom, sitemaps), or None.

    A date without a time is taken as midnight UTC; a datetime without a zone as UTC.
    """
    iso = to_iso(text)
    if iso is None:
        return None
    value = datetime.fromisoformat(iso)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def to_iso(value: str | None, latest: str | None = None) -> str | None:
    """Normalise one date string (ISO 8601, RFC 2822, W3C, or written out) to ISO 8601, or None.

    A date stays a date; a datetime keeps its UTC offset.
    """
    if not value:
        return None
    value = " ".join(str(value).split())[:100]
    if not value:
        return None
    partial = _W3C_PARTIAL.match(value)
    if partial:
        try:
            day = date(int(partial[1]), int(partial[2] or 1), 1)
        except ValueError:
            return None
        return day.isoformat() if _plausible(day, latest) else None
    parsed = None
    try:
        parsed = datetime.fromisoformat(value.replace(" UTC", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is not None:
        has_time = bool(_HAS_TIME.search(value))
        return _format(parsed, has_time) if _plausible(parsed.date(), latest) else None
    return date_in_text(value, latest)


def date_in_text(text: str, latest: str | None = None) -> str | None:
    """The first plausible calendar date written out in `text`, as YYYY-MM-DD, or None."""
    best: tuple[int, str] | None = None
    for pattern, kind in _text_patterns():
        for match in pattern.finditer(text):
            try:
                year, day = int(match["y"]), int(match["d"])
                month = month_numbers()[match["mn"].lower()] if "mn" in pattern.groupindex else int(match["m"])
                if kind == "dmy-num" and month > 12 >= day:
                    day, month = month, day  # 11/19/2019: the US order
                found = date(year, month, day)
            except (KeyError, ValueError):
                continue
            if kind == "dmy-num" and day <= 12 and month != day:
                continue  # 03/04/2019: April 3rd or March 4th?
            if _plausible(found, latest):
                if best is None or match.start() < best[0]:
                    best = (match.start(), found.isoformat())
                break
    return best[1] if best else None
