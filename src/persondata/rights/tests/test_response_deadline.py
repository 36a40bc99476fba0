"""The company's own promise (``response_days``) against the legal deadline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from persondata.lib.dates import is_working_day
from persondata.rights.deadlines import legal_deadline, promised_deadline, response_deadline


def test_without_a_promise_the_legal_deadline_applies():
    assert response_deadline(date(2026, 3, 15), promised_days=None) == date(2026, 4, 15)


def test_a_shorter_promise_on_a_working_day_is_kept_as_it_is():
    # 2026-03-15 + 10 days = Wednesday 2026-03-25.
    assert response_deadline(date(2026, 3, 15), promised_days=10) == date(2026, 3, 25)


def test_a_promise_that_falls_on_a_weekend_moves_back_to_the_friday():
    # 2026-03-15 + 14 days = Sunday 2026-03-29.
    assert response_deadline(date(2026, 3, 15), promised_days=14) == date(2026, 3, 27)


def test_a_promise_that_falls_on_easter_moves_back_before_the_holidays():
    # 2026-03-02 + 31 days = Friday 2026-04-03 (Good Friday); Maundy Thursday is a holiday too.
    assert promised_deadline(date(2026, 3, 2), promised_days=31) == date(2026, 4, 1)
    assert response_deadline(date(2026, 3, 2), promised_days=31) == date(2026, 4, 1)


def test_a_promise_longer_than_the_legal_month_yields_to_the_law():
    # 2026-02-01 + 31 days = 2026-03-04, later than the legal 2026-03-02.
    assert response_deadline(date(2026, 1, 31), promised_days=31) == date(2026, 3, 2)


def test_a_thirty_day_promise_in_february_is_later_than_the_legal_month():
    # 2026-02-10 + 30 days = 2026-03-12; one month is 2026-03-10.
    assert response_deadline(date(2026, 2, 10), promised_days=30) == date(2026, 3, 10)


def test_a_one_day_promise_over_a_weekend_stays_on_its_day():
    # Received Friday 2026-03-06; Saturday has no working day before it but the day of receipt.
    assert promised_deadline(date(2026, 3, 6), promised_days=1) == date(2026, 3, 7)


def test_a_two_day_promise_from_a_saturday_keeps_its_monday():
    assert promised_deadline(date(2026, 3, 7), promised_days=2) == date(2026, 3, 9)


def test_a_promise_is_never_later_than_its_days_nor_on_the_day_of_receipt():
    received = date(2024, 1, 1)
    while received <= date(2030, 12, 31):
        for days in (1, 2, 5, 10, 14, 30, 31):
            promised = promised_deadline(received, promised_days=days)
            assert received < promised <= received + timedelta(days=days), (received, days)
            if days >= 5:
                assert is_working_day(promised), (received, days)
        received += timedelta(days=7)


def test_the_response_deadline_is_never_later_than_the_legal_deadline():
    received = date(2024, 1, 1)
    while received <= date(2030, 12, 31):
        legal = legal_deadline(received)
        for days in (None, 1, 3, 7, 14, 21, 28, 29, 30, 31):
            deadline = response_deadline(received, promised_days=days)
            assert received < deadline <= legal, (received, days)
        received += timedelta(days=1)


@pytest.mark.parametrize("days", [0, -3])
def test_a_promise_needs_at_least_one_day(days):
    with pytest.raises(ValueError, match=f"promised_days must be at least 1 day, got {days}"):
        response_deadline(date(2026, 3, 15), promised_days=days)


@pytest.mark.parametrize("days", [True, 2.5, "30"])
def test_a_promise_must_be_a_whole_number_of_days(days):
    with pytest.raises(TypeError, match="promised_days must be a whole number of days"):
        response_deadline(date(2026, 3, 15), promised_days=days)
