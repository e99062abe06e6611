"""Fixtures shared by every test package."""

from __future__ import annotations

import pytest

from tests.support.fixture_site import FixtureSite, serve_fixture_site


@pytest.fixture
def fixture_site() -> FixtureSite:
    """The fixture news site and its traps on loopback addresses (tests/support/fixture_site.py)."""
    with serve_fixture_site() as fx:
        yield fx
