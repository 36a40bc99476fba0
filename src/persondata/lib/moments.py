"""Reading a moment (a date and a time) that a person typed, e.g. a command's ``--at``.

ISO 8601 as ``datetime.fromisoformat`` reads it: ``2026-03-01T10:15``,
``2026-03-01 10:15``, ``2026-03-01T10:15:00+01:00``, or a date alone for
its midnight. Without a UTC offset the time is local: in the current time
zone (``PERSONDATA_TIME_ZONE``), which is how staff read a clock.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

# The years a typed moment may fall in: it keeps the conversion to UTC for
# storage away from the calendar's ends (year 1 would overflow), and any
# real consent, withdrawal or list check lies well inside it.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def parse_moment(text: str) -> datetime:
    """``text`` as a timezone-aware datetime; a time without an offset is local.

    Raises ValueError, with a message that quotes the text and shows how to
    write it, for text that is no date and time, a day that does not exist
    (2026-02-30) or a date outside 1900-01-01 .. 2999-12-31.
    """
    cleaned = text.strip()
    try:
        value = datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(
            f"'{text}' is not a date and time; write e.g. 2026-03-01T10:15 (local time) "
            "or 2026-03-01T10:15+01:00"
        ) from None
    if not EARLIEST <= value.date() <= LATEST:
        raise ValueError(f"'{text}' is not between {EARLIEST.isoformat()} and {LATEST.isoformat()}")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value
