"""ISO-week arithmetic: parsing, bounds in a time zone, the last complete week, when a digest is due."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from pipeline.digest.week import Week, due_digest, last_complete_week, latest_digest_moment, weeks_ending
from pipeline.errors import DigestError

UTC = ZoneInfo("UTC")
BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.mark.parametrize("text, expected", [
    ("2026-W48", Week(2026, 48)), ("2026W48", Week(2026, 48)), ("2026-w05", Week(2026, 5)), (" 2020-W53 ", Week(2020, 53)),
])
def test_iso_weeks_parse(text, expected):
    assert Week.parse(text) == expected


@pytest.mark.parametrize("text", ["2026-48", "W48", "2026-W60", "2025-W53", "2026-W00", "last week", ""])
def test_bad_weeks_are_refused_with_the_expected_form(text):
    with pytest.raises(DigestError, match="YYYY-Www|has no ISO week"):
        Week.parse(text)


@pytest.mark.parametrize("week, monday, sunday, label", [
    (Week(2026, 48), date(2026, 11, 23), date(2026, 11, 29), "23-29 November 2026"),
    (Week(2026, 49), date(2026, 11, 30), date(2026, 12, 6), "30 November - 6 December 2026"),
    (Week(2026, 53), date(2026, 12, 28), date(2027, 1, 3), "28 December 2026 - 3 January 2027"),
    (Week(2027, 1), date(2027, 1, 4), date(2027, 1, 10), "4-10 January 2027"),
])
def test_week_days_and_labels(week, monday, sunday, label):
    assert (week.monday, week.sunday, week.label(), str(week.next.previous)) == (monday, sunday, label, str(week))


def test_week_bounds_follow_the_time_zone_and_its_summer_time():
    start, end = Week(2026, 13).bounds(BRUSSELS)  # 23-29 March 2026: summer time starts on the 29th
    assert start == datetime(2026, 3, 22, 23, 0, tzinfo=timezone.utc)
    assert end == datetime(2026, 3, 29, 22, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("now, tz, expected", [
    (datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc), UTC, Week(2026, 48)),  # Monday morning
    (datetime(2026, 11, 29, 23, 30, tzinfo=timezone.utc), UTC, Week(2026, 47)),  # Sunday night: W48 not over
    (datetime(2026, 11, 29, 23, 30, tzinfo=timezone.utc), BRUSSELS, Week(2026, 48)),  # already Monday in Brussels
    (datetime(2027, 1, 4, 0, 0, tzinfo=timezone.utc), UTC, Week(2026, 53)),
])
def test_the_last_complete_week_depends_on_the_time_zone(now, tz, expected):
    assert last_complete_week(now, tz) == expected


def test_weeks_ending_runs_oldest_first_across_the_year():
    assert [str(w) for w in weeks_ending(Week(2027, 2), 4)] == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]


@pytest.mark.parametrize("now, expected", [
    (datetime(2026, 11, 30, 7, 59, tzinfo=timezone.utc), datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)),
    (datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc), datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)),
    (datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc), datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)),
])
def test_latest_digest_moment(now, expected):
    assert latest_digest_moment(now, "mon", "08:00", UTC) == expected


@pytest.mark.parametrize("now, expected", [
    (datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc), (Week(2026, 48), datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc))),
    (datetime(2026, 12, 3, 7, 59, tzinfo=timezone.utc), (Week(2026, 48), datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc))),
    (datetime(2026, 12, 3, 8, 1, tzinfo=timezone.utc), None),  # more than 72 hours late: not sent by itself
    (datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc), None),  # W47's moment was a week ago
])
def test_a_digest_is_due_within_the_grace_period_only(now, expected):
    assert due_digest(now, "mon", "08:00", UTC, 72) == expected


def test_a_digest_on_another_day_and_zone_covers_the_last_complete_week():
    # Friday 18:00 in Brussels = 17:00 UTC in winter; the week in progress is not complete.
    now = datetime(2026, 12, 4, 17, 30, tzinfo=timezone.utc)
    week, moment = due_digest(now, "fri", "18:00", BRUSSELS, 1)
    assert (week, moment) == (Week(2026, 48), datetime(2026, 12, 4, 17, 0, tzinfo=timezone.utc))
