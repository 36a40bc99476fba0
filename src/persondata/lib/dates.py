"""Calendar helpers for legal dates: month arithmetic, year ends, Danish working days.

Everything here works on ``datetime.date``. A ``datetime`` is refused, because
it is a subclass of ``date`` that would silently compare and add differently:
legal deadlines and due dates are whole days.

Working days are Monday to Friday except Danish public holidays as the
``holidays`` package lists them in its default (public) category: New Year's
Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, Great Prayer Day
(until 2023), Ascension Day, Whit Sunday and Monday, Christmas Day and the
Second Day of Christmas. Christmas Eve, New Year's Eve and Constitution Day
are customary days off, not public holidays, so they count as working days.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

YearEnd = tuple[int, int]
CALENDAR_YEAR_END: YearEnd = (12, 31)

# Working days are looked up in Denmark's calendar; the controllers this
# product is built for answer under Danish law (SPEC section 4).
_COUNTRY = "DK"


def require_date(value: object, *, name: str) -> date:
    """Return ``value`` when it is a plain date.

    Raises TypeError naming ``name`` for a datetime (convert it to the local
    date first) or for anything that is not a date.
    """
    if isinstance(value, datetime):
        raise TypeError(
            f"{name} must be a date, not a datetime ({value.isoformat()}); "
            "take its local date first, e.g. timezone.localdate(value)"
        )
    if not isinstance(value, date):
        raise TypeError(f"{name} must be a date, got {type(value).__name__} {value!r}")
    return value


def last_day_of_month(year: int, month: int) -> int:
    """The number of the last day of ``month`` in ``year`` (28 to 31)."""
    return calendar.monthrange(year, month)[1]


def months_after(day: date, months: int) -> date:
    """The same date ``months`` months later, or that month's last day if it has no such date.

    This is how Regulation 1182/71 Art. 3(2)(c) counts a period in months,
    and how the declaration's ``mo`` and ``y`` durations add:
    2026-01-31 + 1 month = 2026-02-28; 2024-02-29 + 12 months = 2025-02-28.
    Raises ValueError for a negative number of months.
    """
    require_date(day, name="day")
    if isinstance(months, bool) or not isinstance(months, int):
        raise TypeError(f"months must be a whole number, got {months!r}")
    if months < 0:
        raise ValueError(f"months must not be negative, got {months}")
    result: date = day + relativedelta(months=months)
    return result


def end_of_calendar_year(day: date) -> date:
    """31 December of the year ``day`` falls in."""
    require_date(day, name="day")
    return date(day.year, 12, 31)


def check_year_end(year_end: YearEnd) -> YearEnd:
    """Return ``year_end`` as (month, day) when it names a day that exists every year.

    A year end of (2, 28) means "the end of February": 29 February in leap
    years. (2, 29) is refused, as the declaration refuses ``02-29``, because
    it would not exist in three years out of four. Raises ValueError naming
    the bad value.
    """
    if (
        not isinstance(year_end, tuple)
        or len(year_end) != 2
        or not all(isinstance(part, int) and not isinstance(part, bool) for part in year_end)
    ):
        raise ValueError(f"year_end must be a (month, day) pair of whole numbers, got {year_end!r}")
    month, day = year_end
    if month == 2 and day == 29:
        raise ValueError(
            "year_end (2, 29) does not exist every year; use (2, 28), which means "
            "the end of February (29 February in leap years)"
        )
    if not 1 <= month <= 12 or not 1 <= day <= last_day_of_month(2023, month):
        raise ValueError(f"year_end {year_end!r} is not a month and day of the year")
    return month, day


def _year_end_in(year: int, year_end: YearEnd) -> date:
    month, day = year_end
    if month == 2 and day == 28:
        # "02-28" is the end of February, so a leap year's financial year
        # keeps its 29 February instead of pushing it into the next year.
        return date(year, 2, last_day_of_month(year, 2))
    return date(year, month, day)


def end_of_financial_year(day: date, year_end: YearEnd = CALENDAR_YEAR_END) -> date:
    """The last day of the financial year that contains ``day``.

    ``year_end`` is the controller's (month, day) of the year end, e.g.
    (6, 30): 2024-08-15 lies in the year 2024-07-01..2025-06-30, so the
    result is 2025-06-30; a day that is itself a year end is its own result.
    (2, 28) means the end of February, so with it 2024-02-29 ends the
    financial year 2023-03-01..2024-02-29. Raises ValueError for a
    year_end that is not a day of every year (see ``check_year_end``).
    """
    require_date(day, name="day")
    year_end = check_year_end(year_end)
    this_year = _year_end_in(day.year, year_end)
    if day <= this_year:
        return this_year
    return _year_end_in(day.year + 1, year_end)


@lru_cache(maxsize=512)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(_COUNTRY, years=year).keys())


def is_public_holiday(day: date) -> bool:
    """True when ``day`` is a Danish public holiday (see the module docstring)."""
    require_date(day, name="day")
    return day in _public_holidays(day.year)


def is_working_day(day: date) -> bool:
    """True for Monday to Friday when the day is not a Danish public holiday."""
    require_date(day, name="day")
    return day.weekday() < 5 and not is_public_holiday(day)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, otherwise the first working day after it.

    This is the roll of Regulation 1182/71 Art. 3(4): a period whose last day
    is a Saturday, Sunday or public holiday ends with the following working
    day.
    """
    require_date(day, name="day")
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """``day`` itself when it is a working day, otherwise the last working day before it."""
    require_date(day, name="day")
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
