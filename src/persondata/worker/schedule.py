"""When the worker's daily jobs are due; pure functions, no database.

The daily retention sweep is due once per local calendar day, at or after
the configured time of day (``PERSONDATA_SWEEP_TIME``). A worker that was
down at that time enqueues it when it comes back the same day; one that
comes back the next day enqueues that day's sweep (a sweep as of today
erases everything due up to today, so a missed day loses nothing).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def parse_clock_time(text: str) -> time:
    """``"HH:MM"`` (24-hour clock, e.g. ``"02:30"``) as a time of day.

    Raises ValueError, saying what is wrong and what would be right, for
    anything else (``"2.30"``, ``"24:00"``, ``"02:61"``, ``""``).
    """
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"'{text}' is not a time of day; write it as HH:MM, e.g. 02:30")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(
            f"'{text}' is not a time of day: hours go from 00 to 23 and minutes from 00 to 59"
        )
    return time(hour, minute)


def daily_job_due(now_local: datetime, *, at: time, last_run_on: date | None) -> bool:
    """True when a job that runs daily at ``at`` should be enqueued now.

    ``now_local`` is the time in the local time zone (its wall-clock date
    and time count); ``last_run_on`` the local
    date the job was last enqueued for (None: never). Due when it has not
    been enqueued for today (or any later day, should the clock have been
    set back) and the time of day has reached ``at``. On the night clocks go
    forward an ``at`` that does not exist that night (02:30 in Denmark) is
    reached at 03:00; on the night they go back it is due only once.
    """
    today = now_local.date()
    if last_run_on is not None and last_run_on >= today:
        return False
    return now_local.time() >= at
