"""ISO weeks: parsing, bounds, the last complete week, and when a week's digest is due. Pure.

    Week.parse("2026-W48")          -> Week(2026, 48)
    last_complete_week(now, tz)     -> the ISO week before the one `now` falls in (in `tz`)
    due_digest(now, day, hh_mm, tz, grace_hours) -> (week, scheduled_at) | None

A digest goes out on `digest_day` at `digest_time` in the schedule's time zone and covers the last
week complete at that moment. `due_digest` names the week whose digest moment is the latest one at
or before `now`, while `now` is still within the grace period after it: the daemon sends a week
missed while it was down once it is back, but not weeks missed long ago.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from pipeline.errors import DigestError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Week:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Week":
        """'2026-W48' (also '2026W48', '2026-w48'); raise DigestError for anything else."""
        match = _WEEK.match(text.strip())
        if not match:
            raise DigestError(f"{text!r} is not an ISO week; write it as YYYY-Www, e.g. 2026-W48")
        year, number = int(match[1]), int(match[2])
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError:
            raise DigestError(f"{text!r}: {year} has no ISO week {number}") from None
        return cls(year, number)

    @classmethod
    def of(cls, day: date) -> "Week":
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def previous(self) -> "Week":
        return Week.of(self.monday - timedelta(days=7))

    @property
    def next(self) -> "Week":
        return Week.of(self.monday + timedelta(days=7))

    def label(self) -> str:
        """'23-29 November 2026', '30 November - 6 December 2026', '28 December 2026 - 3 January 2027'."""
        first, last = self.monday, self.sunday
        if first.year != last.year:
            return f"{first.day} {first:%B %Y} - {last.day} {last:%B %Y}"
        if first.month != last.month:
            return f"{first.day} {first:%B} - {last.day} {last:%B %Y}"
        return f"{first.day}-{last.day} {last:%B %Y}"

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) of the week in UTC: Monday 00:00 to the next Monday 00:00 in `tz`."""
        start = datetime.combine(self.monday, time(0), tz).astimezone(timezone.utc)
        end = datetime.combine(self.monday + timedelta(days=7), time(0), tz).astimezone(timezone.utc)
        return start, end

    def contains(self, day: date) -> bool:
        return self.monday <= day <= self.sunday


def weeks_ending(week: Week, count: int) -> tuple[Week, ...]:
    """The `count` weeks up to and including `week`, oldest first."""
    weeks = [week]
    while len(weeks) < count:
        weeks.append(weeks[-1].previous)
    return tuple(reversed(weeks))


def current_week(now: datetime, tz: ZoneInfo) -> Week:
    return Week.of(now.astimezone(tz).date())


def last_complete_week(now: datetime, tz: ZoneInfo) -> Week:
    """The latest ISO week that has ended at `now` in `tz`."""
    return current_week(now, tz).previous


def latest_digest_moment(now: datetime, day: str, hh_mm: str, tz: ZoneInfo) -> datetime:
    """The latest scheduled digest moment (`day` at `hh_mm` in `tz`) at or before `now`, in UTC."""
    local = now.astimezone(tz)
    hour, minute = (int(part) for part in hh_mm.split(":"))
    weekday = DAYS.index(day)
    candidate_day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    for back in (0, 7):
        # A moment that falls in a DST gap is taken at the wall-clock time zoneinfo gives it.
        moment = datetime.combine(candidate_day - timedelta(days=back), time(hour, minute), tz)
        if moment <= local:
            return moment.astimezone(timezone.utc)
    raise AssertionError("unreachable: a week earlier is always in the past")


def due_digest(now: datetime, day: str, hh_mm: str, tz: ZoneInfo, grace_hours: float) -> tuple[Week, datetime] | None:
    """(week, scheduled moment) whose digest should have gone out by `now`, if still within grace."""
    moment = latest_digest_moment(now, day, hh_mm, tz)
    if now - moment > timedelta(hours=grace_hours):
        return None
    return last_complete_week(moment, tz), moment
