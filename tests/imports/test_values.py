"""Dates, numbers and durations in the styles the exports write them."""

from datetime import datetime
from decimal import Decimal

import pytest

from homegym.imports.values import (
    Bad,
    read_datetime,
    read_decimal,
    read_duration,
    read_whole,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 Mar 2026, 19:59", datetime(2026, 3, 2, 19, 59)),
        ("12 Dec 2025, 7:05", datetime(2025, 12, 12, 7, 5)),
        ("2 Mar 2026 19:59", datetime(2026, 3, 2, 19, 59)),  # no comma
        ("2 Mar 2026, 19:59:31", datetime(2026, 3, 2, 19, 59, 31)),  # seconds
        ("2 March 2026, 19:59", datetime(2026, 3, 2, 19, 59)),
        ("May 7, 2026, 6:13 AM", datetime(2026, 5, 7, 6, 13)),
        ("May 7, 2026 6:13 PM", datetime(2026, 5, 7, 18, 13)),
        ("May 7, 2026, 6:13:09 pm", datetime(2026, 5, 7, 18, 13, 9)),
        ("May 7, 2026, 12:01 AM", datetime(2026, 5, 7, 0, 1)),
        ("May 7, 2026, 12:30 PM", datetime(2026, 5, 7, 12, 30)),
        ("May 7, 2026, 6:13\u202fAM", datetime(2026, 5, 7, 6, 13)),  # iOS space
        ("2. Mär. 2026, 19:59", datetime(2026, 3, 2, 19, 59)),  # a German phone
        ("7 Okt 2025, 18:00", datetime(2025, 10, 7, 18, 0)),
        ("2025-07-23 19:16:49", datetime(2025, 7, 23, 19, 16, 49)),  # Strong
        ("2025-07-23 19:16", datetime(2025, 7, 23, 19, 16)),
    ],
)
def test_dates_in_every_style(text, expected):
    assert read_datetime(text) == expected


NOT_DATES = [
    "",
    "yesterday",
    "31 Feb 2026, 10:00",
    "2 Foo 2026, 10:00",
    "May 7, 2026, 13:00 PM",
    "2 Mar 2026, 25:00",
    "2026-13-01 10:00:00",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_dates_that_are_not(text):
    with pytest.raises(Bad):
        read_datetime(text)


def test_numbers():
    assert read_decimal("82.5") == Decimal("82.5")
    assert read_decimal("82,5") == Decimal("82.5")
    assert read_decimal(" ") is None
    assert read_whole("20.0") == 20
    for text in ("1,000.5", "1,2,3", "abc", "NaN", "inf", "1e999999999"):
        with pytest.raises(Bad):
            read_decimal(text)
    with pytest.raises(Bad):
        read_whole("2.5")


def test_strong_durations():
    assert read_duration("29m") == 29 * 60
    assert read_duration("2h 38m") == 2 * 3600 + 38 * 60
    assert read_duration("1h") == 3600
    assert read_duration("45s") == 45
    assert read_duration("") is None
    with pytest.raises(Bad):
        read_duration("soon")
