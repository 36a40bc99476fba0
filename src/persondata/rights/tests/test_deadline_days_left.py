"""Days left until a deadline, as staff see them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import time_machine

from persondata.rights.deadlines import days_left, legal_deadline

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def test_days_left_counts_to_the_deadline_day():
    assert days_left(date(2026, 4, 15), date(2026, 4, 10)) == 5


def test_no_days_are_left_on_the_deadline_itself():
    assert days_left(date(2026, 4, 15), date(2026, 4, 15)) == 0


def test_an_overdue_request_has_negative_days_left():
    assert days_left(date(2026, 4, 15), date(2026, 4, 18)) == -3


@time_machine.travel(datetime(2026, 3, 20, 12, 0, tzinfo=COPENHAGEN), tick=False)
def test_days_left_defaults_to_today():
    assert days_left(legal_deadline(date(2026, 3, 15))) == 26


@time_machine.travel(datetime(2026, 4, 14, 22, 30, tzinfo=UTC), tick=False)
def test_today_is_the_date_in_copenhagen_not_in_utc():
    # 22:30 UTC on 14 April is already 00:30 on 15 April in Copenhagen.
    assert days_left(date(2026, 4, 15)) == 0
