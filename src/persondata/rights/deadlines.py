"""Deadlines for answering data-subject-rights requests (GDPR Art. 12(3)).

The controller must answer "without undue delay and in any event within one
month of receipt of the request"; where necessary the period may be extended
by two further months, and the subject must be told of the extension, with
the reasons, within the first month.

Periods are counted by Regulation (EEC, Euratom) No 1182/71:

- Art. 3(1): the day of receipt is not counted;
- Art. 3(2)(c): a period in months ends on the same date in the last month,
  or on that month's last day if it has no such date;
- Art. 3(4): if that last day is a Saturday, Sunday or public holiday, the
  period ends with the following working day (Danish public holidays, see
  ``persondata.lib.dates``).

The company's own promise (``controller.response_days``) is not a period
under 1182/71: it is a commitment to the subject. It is counted in calendar
days, and when it falls on a non-working day it moves *earlier*, to the last
working day before it, so that keeping the promise never needs weekend work
and never breaks it. It only ever shortens the legal deadline.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from persondata.lib.dates import (
    is_working_day,
    months_after,
    next_working_day,
    previous_working_day,
    require_date,
)

LEGAL_PERIOD_MONTHS = 1
MAX_EXTENSION_MONTHS = 2


def legal_deadline(received: date) -> date:
    """The last day to answer a request received on ``received`` (Art. 12(3), 1182/71).

    One month from receipt: the same date in the next month, or that month's
    last day if it has no such date, moved to the next working day when it is
    a Saturday, Sunday or Danish public holiday. 2026-01-31 -> 2026-03-02.
    Raises TypeError when ``received`` is not a plain date.
    """
    require_date(received, name="received")
    return next_working_day(months_after(received, LEGAL_PERIOD_MONTHS))


def promised_deadline(received: date, *, promised_days: int) -> date:
    """The last day by the company's own promise of ``promised_days`` calendar days.

    received + promised_days; a Saturday, Sunday or public holiday moves back
    to the last working day after the day of receipt. When there is no such
    working day (a one-day promise over a weekend), the date stays as it is:
    moving it onto or before the day of receipt would be meaningless.
    Raises TypeError/ValueError when ``promised_days`` is not a whole number
    of at least 1.
    """
    require_date(received, name="received")
    if isinstance(promised_days, bool) or not isinstance(promised_days, int):
        raise TypeError(f"promised_days must be a whole number of days, got {promised_days!r}")
    if promised_days < 1:
        raise ValueError(f"promised_days must be at least 1 day, got {promised_days}")
    promised = received + timedelta(days=promised_days)
    if is_working_day(promised):
        return promised
    earlier = previous_working_day(promised)
    return earlier if earlier > received else promised


def response_deadline(received: date, *, promised_days: int | None) -> date:
    """The date staff must answer by: the earlier of the legal and the promised deadline.

    ``promised_days`` None means the company promises nothing beyond the law,
    and the legal deadline applies. Raises as ``promised_deadline`` for a
    bad number of days.
    """
    legal = legal_deadline(received)
    if promised_days is None:
        return legal
    return min(legal, promised_deadline(received, promised_days=promised_days))


def extended_deadline(received: date, *, months: int) -> date:
    """The deadline after extending by ``months`` (1 or 2) further months (Art. 12(3)).

    The whole period, one month plus the extension, is counted from receipt
    by 1182/71 as the legal deadline is: received + 1 + months months (or that
    month's last day), moved to the next working day. Counting from receipt,
    not from the already moved legal deadline, keeps a weekend in the first
    month from lengthening the extension. Raises ValueError for ``months``
    outside 1..2 (the regulation allows at most two further months).
    """
    require_date(received, name="received")
    if isinstance(months, bool) or not isinstance(months, int):
        raise TypeError(f"months must be a whole number (1 or 2), got {months!r}")
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError(
            f"an extension is 1 or 2 further months (GDPR Art. 12(3)), got months={months}"
        )
    return next_working_day(months_after(received, LEGAL_PERIOD_MONTHS + months))


def extension_notice_deadline(received: date) -> date:
    """The last day to tell the subject of an extension and its reasons.

    Art. 12(3) requires the notice "within one month of receipt of the
    request", which is the legal deadline itself.
    """
    return legal_deadline(received)


def days_left(deadline: date, today: date | None = None) -> int:
    """Whole days from ``today`` until ``deadline``: 0 on the day itself, negative when overdue.

    ``today`` None means today's date in the installation's time zone
    (settings.TIME_ZONE), not the server's UTC date.
    """
    require_date(deadline, name="deadline")
    if today is None:
        today = timezone.localdate()
    require_date(today, name="today")
    return (deadline - today).days
