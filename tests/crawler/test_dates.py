"""crawler.dates: publication dates in the shapes pages write them -> ISO 8601."""

from __future__ import annotations

import pytest

from crawler.dates import date_in_text, to_iso


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-05-06", "2024-05-06"),
    ("2024-05-06T09:15:00+02:00", "2024-05-06T09:15:00+02:00"),
    ("2024-05-06T07:15:00Z", "2024-05-06T07:15:00+00:00"),
    ("2024-05-06T07:15:00.000Z", "2024-05-06T07:15:00+00:00"),
    ("2024-05-06T09:15:00-0500", "2024-05-06T09:15:00-05:00"),
    ("2024-05-06 09:15", "2024-05-06T09:15:00"),
    ("2024-05-06 09:15:00 UTC", "2024-05-06T09:15:00+00:00"),
    ("Mon, 06 May 2024 07:15:00 GMT", "2024-05-06T07:15:00+00:00"),
    ("Mon, 06 May 2024 09:15:00 +0200", "2024-05-06T09:15:00+02:00"),
    ("May 6, 2024", "2024-05-06"),
    ("Nov. 19, 2019", "2019-11-19"),
    ("6 May 2024", "2024-05-06"),
    ("6. Mai 2024", "2024-05-06"),
    ("6 de maio de 2024", "2024-05-06"),
    ("6 mars 2024", "2024-03-06"),
    ("Published 06.05.2024, 10:00", "2024-05-06"),
    ("11/19/2019", "2019-11-19"),
    ("19/11/2019", "2019-11-19"),
    ("  2024-05-06  ", "2024-05-06"),
])
def test_to_iso_normalises_common_shapes(value, expected):
    assert to_iso(value) == expected


@pytest.mark.parametrize("value", [
    None, "", "   ", "yesterday", "not a date", "03/04/2019", "1989-11-09", "2024-13-45", "0000-00-00", "99999999999",
])
def test_to_iso_rejects_what_is_not_a_usable_date(value):
    assert to_iso(value) is None


def test_dates_after_latest_are_rejected_with_a_day_of_slack():
    assert to_iso("2024-05-08", latest="2024-05-06T23:00:00+00:00") is None
    assert to_iso("2024-05-07T01:00:00+02:00", latest="2024-05-06T23:30:00+00:00") == "2024-05-07T01:00:00+02:00"
    assert to_iso("2024-05-06", latest="garbage") == "2024-05-06"


def test_date_in_text_takes_the_first_date_written():
    text = "Updated 7 May 2024. First published on 6 May 2024 at 10:00."
    assert date_in_text(text) == "2024-05-07"


def test_date_in_text_without_a_date():
    assert date_in_text("No date here, only 12 numbers and 2024 alone.") is None
