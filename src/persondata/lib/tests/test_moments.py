"""parse_moment reads a typed date and time, local unless it has an offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from persondata.lib.moments import parse_moment


def test_a_time_without_an_offset_is_local_time_in_copenhagen():
    assert parse_moment("2026-03-01T10:15") == datetime(2026, 3, 1, 9, 15, tzinfo=UTC)
    assert parse_moment(" 2026-07-01 10:15 ") == datetime(2026, 7, 1, 8, 15, tzinfo=UTC)


def test_an_offset_is_kept_and_a_date_alone_is_its_local_midnight():
    assert parse_moment("2026-03-01T10:15:00-05:00").utcoffset() == timedelta(hours=-5)
    assert parse_moment("2026-03-01T10:15Z").tzinfo == UTC
    assert parse_moment("2026-03-01") == datetime(2026, 3, 1, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesterday", "'yesterday' is not a date and time; write e.g. 2026-03-01T10:15"),
        ("2026-02-30T10:00", "'2026-02-30T10:00' is not a date and time"),
        ("2026-03-01T25:00", "'2026-03-01T25:00' is not a date and time"),
        ("", "'' is not a date and time"),
        ("0001-01-01T00:00", "'0001-01-01T00:00' is not between 1900-01-01 and 2999-12-31"),
        ("9999-12-31T23:59", "is not between 1900-01-01 and 2999-12-31"),
    ],
)
def test_text_that_is_no_real_moment_is_refused_with_how_to_write_it(text, message):
    with pytest.raises(ValueError, match=message):
        parse_moment(text)
