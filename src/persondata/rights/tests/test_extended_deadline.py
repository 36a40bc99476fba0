"""Extending the deadline by up to two further months, and the notice of it (Art. 12(3))."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from persondata.lib.dates import is_working_day, months_after
from persondata.rights.deadlines import (
    extended_deadline,
    extension_notice_deadline,
    legal_deadline,
)


@pytest.mark.parametrize(
    ("received", "months", "expected"),
    [
        (date(2026, 3, 15), 1, date(2026, 5, 15)),
        (date(2026, 3, 15), 2, date(2026, 6, 15)),
        (date(2026, 1, 31), 1, date(2026, 3, 31)),
        (date(2026, 1, 31), 2, date(2026, 4, 30)),
        (date(2025, 11, 30), 2, date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday
        (date(2026, 2, 2), 2, date(2026, 5, 4)),  # 2 May 2026 is a Saturday
        (date(2026, 2, 25), 2, date(2026, 5, 26)),  # Whit Monday 25 May 2026
    ],
)
def test_an_extension_counts_the_whole_period_from_receipt(received, months, expected):
    assert extended_deadline(received, months=months) == expected


def test_an_extension_does_not_inherit_the_weekend_roll_of_the_first_month():
    # One month from 2026-01-31 rolls to Monday 2026-03-02; the extension still
    # ends on the last day of April, not on 2 May.
    assert legal_deadline(date(2026, 1, 31)) == date(2026, 3, 2)
    assert extended_deadline(date(2026, 1, 31), months=2) == date(2026, 4, 30)


def test_every_extension_from_2024_to_2030_is_a_working_day_after_the_legal_deadline():
    received = date(2024, 1, 1)
    while received <= date(2030, 12, 31):
        legal = legal_deadline(received)
        one = extended_deadline(received, months=1)
        two = extended_deadline(received, months=2)

        assert is_working_day(one), received
        assert is_working_day(two), received
        assert legal < one < two, received
        assert months_after(received, 3) <= two <= months_after(received, 3) + timedelta(days=5)
        received += timedelta(days=1)


def test_the_notice_of_an_extension_is_due_within_the_first_month():
    assert extension_notice_deadline(date(2026, 3, 2)) == date(2026, 4, 7)
    assert extension_notice_deadline(date(2026, 1, 31)) == legal_deadline(date(2026, 1, 31))


@pytest.mark.parametrize("months", [0, 3, -1, 12])
def test_an_extension_is_one_or_two_months(months):
    with pytest.raises(ValueError, match=f"an extension is 1 or 2 further months.*months={months}"):
        extended_deadline(date(2026, 3, 15), months=months)


@pytest.mark.parametrize("months", [True, 1.5, "2", None])
def test_an_extension_needs_a_whole_number_of_months(months):
    with pytest.raises(TypeError, match="months must be a whole number"):
        extended_deadline(date(2026, 3, 15), months=months)
