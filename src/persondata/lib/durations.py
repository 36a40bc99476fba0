"""Durations as the declaration writes them: ``5d``, ``2w``, ``2mo``, ``3y``,
or combinations in descending order such as ``1y6mo`` or ``2w3d``.

Months and years are calendar units (``relativedelta``), so 2024-02-29 plus
``1y`` is 2025-02-28, not a count of days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

_UNIT_ORDER = ("y", "mo", "w", "d")
_TOKEN = re.compile(r"(\d+)(y|mo|w|d)")


class DurationError(ValueError):
    """A duration text that does not follow the ``1y6mo`` form."""


@dataclass(frozen=True, order=True)
class Duration:
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @property
    def is_zero(self) -> bool:
        return not (self.years or self.months or self.weeks or self.days)

    def as_relativedelta(self) -> relativedelta:
        return relativedelta(years=self.years, months=self.months, days=self.weeks * 7 + self.days)

    def add_to(self, day: date) -> date:
        result: date = day + self.as_relativedelta()
        return result

    def __str__(self) -> str:
        parts = [
            f"{value}{unit}"
            for value, unit in (
                (self.years, "y"),
                (self.months, "mo"),
                (self.weeks, "w"),
                (self.days, "d"),
            )
            if value
        ]
        return "".join(parts) or "0d"


def parse_duration(text: str) -> Duration:
    """Parse ``text`` into a Duration.

    Raises DurationError naming what is wrong: an empty text, an unknown
    unit (``3x``), a unit given twice or out of order (``6mo1y``).
    """
    raw = str(text).strip()
    if not raw:
        raise DurationError(
            "a duration cannot be empty; write for example 5d, 2w, 2mo, 3y or 1y6mo"
        )
    position = 0
    values: dict[str, int] = {}
    last_index = -1
    for match in _TOKEN.finditer(raw):
        if match.start() != position:
            break
        unit = match.group(2)
        index = _UNIT_ORDER.index(unit)
        if unit in values:
            raise DurationError(f"'{raw}': the unit '{unit}' is given twice")
        if index < last_index:
            raise DurationError(f"'{raw}': write the units from largest to smallest (y, mo, w, d)")
        values[unit] = int(match.group(1))
        last_index = index
        position = match.end()
    if position != len(raw) or not values:
        raise DurationError(
            f"'{raw}' is not a duration; use a number followed by d (days), w (weeks), "
            "mo (months) or y (years), for example 5d, 2w, 2mo, 3y or 1y6mo"
        )
    return Duration(
        years=values.get("y", 0),
        months=values.get("mo", 0),
        weeks=values.get("w", 0),
        days=values.get("d", 0),
    )
