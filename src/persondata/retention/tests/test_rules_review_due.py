"""When a record must next be confirmed (``review_every``, SPEC section 3 rule 3)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from persondata.retention.rules import review_due
from persondata.retention.tests.rules_builders import activity, reference_activity


def test_review_falls_due_one_review_period_after_the_last_confirmation():
    administration = reference_activity("customer_administration")

    assert review_due(administration, last_confirmed=date(2025, 3, 4)) == date(2026, 3, 4)


def test_review_period_from_a_leap_day_ends_on_28_february():
    administration = reference_activity("customer_administration")

    assert review_due(administration, last_confirmed=date(2024, 2, 29)) == date(2025, 2, 28)


def test_review_in_weeks_counts_days():
    weekly = activity([{"keep": "1y", "after": "collected"}], review_every="2w")

    assert review_due(weekly, last_confirmed=date(2025, 12, 25)) == date(2026, 1, 8)


def test_an_activity_without_a_review_period_has_no_review_date():
    assert review_due(reference_activity("bookkeeping"), last_confirmed=date(2025, 3, 4)) is None


def test_review_refuses_a_datetime_as_the_last_confirmation():
    administration = reference_activity("customer_administration")

    with pytest.raises(TypeError, match="last_confirmed must be a date, not a datetime"):
        review_due(administration, last_confirmed=datetime(2025, 3, 4, tzinfo=UTC))
