"""Dates found in feeds and sitemaps -> ISO 8601 text and comparable instants. Pure."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

_W3C_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_instant(text: str | None) -> datetime | None:
    """An aware UTC datetime from RFC 822 (RSS), ISO 8601 / W3C (Atom, sitemaps), or None.

    A date without a time is taken as midnight UTC; a datetime without a zone as UTC.
    """
    if not text:
        return None
    text = text.strip()
    if not text:
        return None
    if _W3C_DATE.match(text):
        parts = [int(p) for p in text.split("-")] + [1, 1]
        try:
            return datetime(parts[0], parts[1], parts[2], tzinfo=timezone.utc)
        except ValueError:
            return None
    try:
        value = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def to_iso(text: str | None) -> str | None:
    """ISO 8601 text for a feed or sitemap date: a date stays a date, a datetime keeps its offset."""
    if not text:
        return None
    text = text.strip()
    if _W3C_DATE.match(text) and len(text) == 10:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    value = parse_instant(text)
    if value is None:
        return None
    try:
        original = datetime.fromisoformat(text.replace("z", "Z"))
        if original.tzinfo is not None:
            return original.isoformat()
    except ValueError:
        try:
            original = parsedate_to_datetime(text)
            if original.tzinfo is not None:
                return original.isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    return value.isoformat()
