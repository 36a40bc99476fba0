"""Durations as the declaration writes them (SPEC 2): parsing, errors and calendar arithmetic."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.lib.durations import Duration, DurationError, parse_duration

durations = st.builds(
    Duration,
    years=st.integers(0, 50),
    months=st.integers(0, 120),
    weeks=st.integers(0, 60),
    days=st.integers(0, 400),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5d", Duration(days=5)),
        ("2w", Duration(weeks=2)),
        ("2mo", Duration(months=2)),
        ("3y", Duration(years=3)),
        ("1y6mo", Duration(years=1, months=6)),
        ("2w3d", Duration(weeks=2, days=3)),
        ("0d", Duration()),
        (" 24mo ", Duration(months=24)),
    ],
)
def test_each_written_form_is_read(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "a duration cannot be empty"),
        ("3x", "'3x' is not a duration; use a number followed by d (days)"),
        ("y", "'y' is not a duration"),
        ("3 y", "'3 y' is not a duration"),
        ("-3y", "'-3y' is not a duration"),
        ("1y2y", "'1y2y': the unit 'y' is given twice"),
        ("6mo1y", "'6mo1y': write the units from largest to smallest (y, mo, w, d)"),
        ("3m", "'3m' is not a duration"),
    ],
)
def test_a_bad_duration_says_what_is_wrong(text, message):
    with pytest.raises(DurationError) as error:
        parse_duration(text)
    assert str(error.value).startswith(message)


@given(duration=durations)
def test_a_duration_reads_back_from_its_text(duration):
    assert parse_duration(str(duration)) == duration


def test_months_and_years_are_calendar_units():
    assert parse_duration("1y").add_to(date(2024, 2, 29)) == date(2025, 2, 28)
    assert parse_duration("1mo").add_to(date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_duration("1y6mo").add_to(date(2023, 6, 30)) == date(2024, 12, 30)
    assert parse_duration("2w3d").add_to(date(2026, 1, 1)) == date(2026, 1, 18)


@given(duration=durations, day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
def test_adding_a_duration_never_goes_back_in_time(duration, day):
    assert duration.add_to(day) >= day
    assert (duration.add_to(day) == day) == duration.is_zero
