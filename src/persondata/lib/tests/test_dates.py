"""Calendar helpers: month arithmetic, year ends and Danish working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.lib.dates import (
    check_year_end,
    end_of_calendar_year,
    end_of_financial_year,
    is_public_holiday,
    is_working_day,
    last_day_of_month,
    months_after,
    next_working_day,
    previous_working_day,
)
from persondata.lib.durations import Duration

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))
YEAR_ENDS = [(12, 31), (6, 30), (2, 28), (3, 31), (9, 30), (1, 1), (4, 30), (11, 15)]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 15), 1, date(2026, 4, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 5, 17), 0, date(2025, 5, 17)),
    ],
)
def test_months_after_keeps_the_date_or_falls_back_to_the_months_last_day(day, months, expected):
    assert months_after(day, months) == expected


def test_months_after_refuses_a_negative_count():
    with pytest.raises(ValueError, match="months must not be negative, got -1"):
        months_after(date(2025, 1, 1), -1)


def test_months_after_refuses_a_datetime():
    with pytest.raises(TypeError, match="day must be a date, not a datetime"):
        months_after(datetime(2025, 1, 1, tzinfo=UTC), 1)


@given(days, st.integers(0, 600))
def test_month_arithmetic_never_lands_past_the_end_of_a_month(day, months):
    result = months_after(day, months)

    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    assert (result.year, result.month) == (year, month + 1)
    assert result.day == min(day.day, last_day_of_month(year, month + 1))


@given(days, st.integers(0, 50), st.integers(0, 600))
def test_declared_durations_in_years_and_months_add_like_months_after(day, years, months):
    assert Duration(years=years, months=months).add_to(day) == months_after(
        day, years * 12 + months
    )


@pytest.mark.parametrize(
    ("day", "year_end", "expected"),
    [
        (date(2024, 8, 15), (6, 30), date(2025, 6, 30)),
        (date(2024, 6, 30), (6, 30), date(2024, 6, 30)),
        (date(2024, 7, 1), (6, 30), date(2025, 6, 30)),
        (date(2024, 1, 1), (6, 30), date(2024, 6, 30)),
        (date(2024, 1, 1), (12, 31), date(2024, 12, 31)),
        (date(2024, 12, 31), (12, 31), date(2024, 12, 31)),
        (date(2024, 1, 1), (1, 1), date(2024, 1, 1)),
        (date(2024, 1, 2), (1, 1), date(2025, 1, 1)),
        (date(2024, 2, 28), (2, 28), date(2024, 2, 29)),
        (date(2024, 2, 29), (2, 28), date(2024, 2, 29)),
        (date(2024, 3, 1), (2, 28), date(2025, 2, 28)),
        (date(2023, 2, 28), (2, 28), date(2023, 2, 28)),
        (date(2023, 3, 1), (2, 28), date(2024, 2, 29)),
        (date(2100, 3, 1), (2, 28), date(2101, 2, 28)),
        (date(2099, 3, 1), (2, 28), date(2100, 2, 28)),
    ],
)
def test_end_of_financial_year_is_the_last_day_of_the_year_containing_the_date(
    day, year_end, expected
):
    assert end_of_financial_year(day, year_end) == expected


def test_end_of_financial_year_defaults_to_the_calendar_year():
    assert end_of_financial_year(date(2024, 8, 15)) == date(2024, 12, 31)


@given(days, st.sampled_from(YEAR_ENDS))
def test_a_financial_year_end_is_on_or_after_the_date_and_less_than_a_year_later(day, year_end):
    end = end_of_financial_year(day, year_end)

    assert day <= end < Duration(years=1).add_to(day) + timedelta(days=1)
    assert end_of_financial_year(end, year_end) == end
    assert end_of_financial_year(end + timedelta(days=1), year_end) > end
    if year_end == (2, 28):
        assert (end.month, end.day) == (2, last_day_of_month(end.year, 2))
    else:
        assert (end.month, end.day) == year_end


@given(days)
def test_the_calendar_year_end_is_31_december_of_the_same_year(day):
    assert end_of_calendar_year(day) == date(day.year, 12, 31)
    assert end_of_calendar_year(day) == end_of_financial_year(day, (12, 31))


@pytest.mark.parametrize(
    ("year_end", "message"),
    [
        ((2, 29), r"does not exist every year; use \(2, 28\)"),
        ((13, 1), r"year_end \(13, 1\) is not a month and day of the year"),
        ((6, 31), r"year_end \(6, 31\) is not a month and day of the year"),
        ((6, 0), r"year_end \(6, 0\) is not a month and day of the year"),
        ((True, 1), r"must be a \(month, day\) pair of whole numbers"),
        ([6, 30], r"must be a \(month, day\) pair of whole numbers"),
    ],
)
def test_a_year_end_that_is_not_a_day_of_every_year_is_refused(year_end, message):
    with pytest.raises(ValueError, match=message):
        check_year_end(year_end)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # New Year's Day
        date(2026, 4, 2),  # Maundy Thursday
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 5),  # Easter Sunday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 14),  # Ascension Day
        date(2026, 5, 24),  # Whit Sunday
        date(2026, 5, 25),  # Whit Monday
        date(2026, 12, 25),  # Christmas Day
        date(2026, 12, 26),  # Second Day of Christmas
        date(2023, 5, 5),  # Great Prayer Day, abolished from 2024
    ],
)
def test_danish_public_holidays_are_not_working_days(day):
    assert is_public_holiday(day)
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 4, 26),  # the Friday that was Great Prayer Day until 2023
        date(2026, 6, 5),  # Constitution Day is not a public holiday
        date(2026, 12, 24),  # Christmas Eve is not a public holiday
        date(2026, 12, 31),  # New Year's Eve is not a public holiday
        date(2026, 3, 2),  # an ordinary Monday
    ],
)
def test_ordinary_weekdays_and_customary_days_off_are_working_days(day):
    assert is_working_day(day)


@given(days)
def test_weekends_are_never_working_days(day):
    if day.weekday() >= 5:
        assert not is_working_day(day)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 28), date(2026, 3, 2)),  # Saturday -> Monday
        (date(2026, 4, 2), date(2026, 4, 7)),  # Maundy Thursday -> Tuesday after Easter
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas Day (Friday) -> Monday
        (date(2026, 4, 15), date(2026, 4, 15)),  # a working day stays
    ],
)
def test_next_working_day_rolls_forward_from_a_day_off(day, expected):
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 28), date(2026, 2, 27)),  # Saturday -> Friday
        (date(2026, 4, 6), date(2026, 4, 1)),  # Easter Monday -> Wednesday before
        (date(2026, 1, 1), date(2025, 12, 31)),  # New Year's Day -> New Year's Eve
        (date(2026, 4, 15), date(2026, 4, 15)),  # a working day stays
    ],
)
def test_previous_working_day_rolls_back_from_a_day_off(day, expected):
    assert previous_working_day(day) == expected


@given(days)
def test_rolling_to_a_working_day_lands_on_the_nearest_one(day):
    forward = next_working_day(day)
    back = previous_working_day(day)

    assert is_working_day(forward)
    assert is_working_day(back)
    assert back <= day <= forward
    assert all(not is_working_day(day + timedelta(n)) for n in range((forward - day).days))
    assert all(not is_working_day(day - timedelta(n)) for n in range((day - back).days))


def test_working_days_refuse_a_datetime():
    with pytest.raises(TypeError, match="day must be a date, not a datetime"):
        is_working_day(datetime(2026, 1, 1, tzinfo=UTC))


def test_working_days_refuse_a_text_date():
    text_date: Any = "2026-01-01"
    with pytest.raises(TypeError, match="day must be a date, got str '2026-01-01'"):
        next_working_day(text_date)
