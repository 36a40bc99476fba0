"""A daily job is due once per local day, at or after its time of day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from persondata.worker.schedule import daily_job_due

AT = time(2, 30)
CPH = ZoneInfo("Europe/Copenhagen")


def test_not_due_before_the_time_of_day():
    assert not daily_job_due(datetime(2026, 3, 2, 2, 29, tzinfo=CPH), at=AT, last_run_on=None)


def test_due_at_the_time_of_day():
    assert daily_job_due(
        datetime(2026, 3, 2, 2, 30, tzinfo=CPH), at=AT, last_run_on=date(2026, 3, 1)
    )


def test_due_later_the_same_day_when_the_worker_was_down_at_the_time():
    assert daily_job_due(
        datetime(2026, 3, 2, 17, 0, tzinfo=CPH), at=AT, last_run_on=date(2026, 2, 20)
    )


def test_not_due_again_the_same_day():
    assert not daily_job_due(
        datetime(2026, 3, 2, 23, 59, tzinfo=CPH), at=AT, last_run_on=date(2026, 3, 2)
    )


def test_not_due_when_the_clock_was_set_back_past_the_last_run():
    assert not daily_job_due(
        datetime(2026, 3, 1, 12, 0, tzinfo=CPH), at=AT, last_run_on=date(2026, 3, 2)
    )


def test_a_time_that_the_clocks_skip_is_reached_when_they_have_gone_forward():
    # 2026-03-29: Danish clocks go from 02:00 to 03:00, so 02:30 never shows.
    assert daily_job_due(
        datetime(2026, 3, 29, 3, 0, tzinfo=CPH), at=AT, last_run_on=date(2026, 3, 28)
    )


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.times(),
    st.times(),
    st.one_of(st.none(), st.integers(min_value=-3, max_value=3)),
)
def test_due_exactly_when_not_run_today_and_the_time_has_come(day, moment, at, days_back):
    now = datetime.combine(day, moment, tzinfo=CPH)
    last = None if days_back is None else now.date() - timedelta(days=days_back)
    due = daily_job_due(now, at=at, last_run_on=last)
    assert due == ((last is None or last < now.date()) and now.time() >= at)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.lists(st.times(), min_size=1, max_size=30),
    st.times(),
)
def test_checking_through_a_day_in_any_order_enqueues_at_most_once(day, checks, at):
    last: date | None = day - timedelta(days=1)
    enqueued = 0
    for moment in sorted(checks):
        if daily_job_due(datetime.combine(day, moment, tzinfo=CPH), at=at, last_run_on=last):
            enqueued += 1
            last = day
    assert enqueued == (1 if max(checks) >= at else 0)
