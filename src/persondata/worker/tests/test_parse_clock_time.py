"""PERSONDATA_SWEEP_TIME and --sweep-at: HH:MM on the 24-hour clock, nothing else."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.worker.schedule import parse_clock_time


def test_the_default_sweep_time_reads_as_half_past_two():
    assert parse_clock_time("02:30") == time(2, 30)


def test_one_digit_hours_and_surrounding_spaces_are_accepted():
    assert parse_clock_time(" 7:05 ") == time(7, 5)


@pytest.mark.parametrize(
    "text", ["", "2.30", "0230", "02:3", "24:00", "02:60", "aa:bb", "02:30:00"]
)
def test_anything_but_a_time_of_day_is_refused_with_the_value_named(text):
    with pytest.raises(ValueError, match="is not a time of day") as info:
        parse_clock_time(text)
    assert f"'{text}'" in str(info.value)


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_every_minute_of_the_day_reads_back_as_itself(moment):
    assert parse_clock_time(moment.strftime("%H:%M")) == moment
