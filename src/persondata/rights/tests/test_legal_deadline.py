"""The legal deadline: one month from receipt, counted by Regulation 1182/71 (Art. 12(3))."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from persondata.lib.dates import is_working_day
from persondata.rights.deadlines import legal_deadline


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # The vectors of SPEC section 4.
        (date(2026, 3, 15), date(2026, 4, 15)),
        (date(2026, 1, 31), date(2026, 3, 2)),
        (date(2026, 3, 2), date(2026, 4, 7)),
        (date(2026, 11, 25), date(2026, 12, 28)),
    ],
)
def test_the_specs_deadline_vectors(received, expected):
    assert legal_deadline(received) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(2024, 1, 29), date(2024, 2, 29)),  # a leap day that is a Thursday
        (date(2024, 1, 30), date(2024, 2, 29)),  # no 30 February: the month's last day
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2025, 1, 29), date(2025, 2, 28)),  # no 29 February in 2025: Friday the 28th
        (date(2026, 8, 31), date(2026, 9, 30)),
        (date(2026, 12, 1), date(2027, 1, 4)),  # New Year's Day (Friday), then a weekend
        (date(2026, 4, 25), date(2026, 5, 26)),  # Whit Monday 2026-05-25 -> Tuesday
        (date(2026, 4, 14), date(2026, 5, 15)),  # Ascension Day 2026-05-14 -> Friday
        (date(2026, 12, 24), date(2027, 1, 25)),  # 24 January 2027 is a Sunday
    ],
)
def test_a_deadline_falls_on_the_same_date_next_month_or_the_next_working_day(received, expected):
    assert legal_deadline(received) == expected


def test_the_day_of_receipt_is_not_counted():
    assert legal_deadline(date(2026, 6, 10)) == date(2026, 7, 10)


def _same_date_next_month(received: date) -> date:
    year, month = divmod(received.year * 12 + received.month, 12)
    month += 1
    for day in (received.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError(f"no day found after {received}")


def test_every_day_from_2024_to_2030_gets_the_first_working_day_from_the_same_date_next_month():
    received = date(2024, 1, 1)
    while received <= date(2030, 12, 31):
        deadline = legal_deadline(received)
        base = _same_date_next_month(received)

        assert is_working_day(deadline), received
        assert base <= deadline <= base + timedelta(days=5), received
        assert all(
            not is_working_day(base + timedelta(days=n)) for n in range((deadline - base).days)
        ), received
        received += timedelta(days=1)
