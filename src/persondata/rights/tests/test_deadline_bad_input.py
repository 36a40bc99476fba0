"""Deadlines refuse what is not a plain date, naming the argument."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from persondata.rights.deadlines import (
    days_left,
    extended_deadline,
    extension_notice_deadline,
    legal_deadline,
    response_deadline,
)

RECEIVED_AT: Any = datetime(2026, 3, 15, 10, 0, tzinfo=UTC)


def test_a_receipt_time_must_be_turned_into_a_date_first():
    with pytest.raises(TypeError, match="received must be a date, not a datetime"):
        legal_deadline(RECEIVED_AT)
    with pytest.raises(TypeError, match="received must be a date, not a datetime"):
        response_deadline(RECEIVED_AT, promised_days=10)
    with pytest.raises(TypeError, match="received must be a date, not a datetime"):
        extended_deadline(RECEIVED_AT, months=2)
    with pytest.raises(TypeError, match="received must be a date, not a datetime"):
        extension_notice_deadline(RECEIVED_AT)


def test_a_text_date_is_refused():
    text: Any = "2026-03-15"

    with pytest.raises(TypeError, match="received must be a date, got str '2026-03-15'"):
        legal_deadline(text)


def test_days_left_needs_dates():
    with pytest.raises(TypeError, match="deadline must be a date, not a datetime"):
        days_left(RECEIVED_AT, date(2026, 3, 1))
    with pytest.raises(TypeError, match="today must be a date, not a datetime"):
        days_left(date(2026, 3, 1), RECEIVED_AT)
