"""Which records the sweeps will erase in the coming weeks, from the stored due dates.

A record is erased when all its purpose links are due (SPEC section 3), so
its erasure date is its latest link due date; a record with a link that is
not due (NULL) is not scheduled. It is counted under the activity whose
link is due last (the one that keeps it longest), in the week (Monday) of
that date; records already due but not yet swept count in the first week.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Subquery

from persondata.subjects.models import PurposeLink, Record


@dataclass(frozen=True)
class ErasureSchedule:
    weeks: list[date]
    activities: list[str]
    counts: dict[tuple[date, str], int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def week_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def erasure_schedule(*, today: date, months: int = 12) -> ErasureSchedule:
    """Records to be erased per week and activity from ``today`` through
    ``months`` months ahead (ValueError for fewer than 1 month)."""
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}")
    end = today + relativedelta(months=months)
    first = week_of(today)
    weeks = []
    week = first
    while week <= end:
        weeks.append(week)
        week += timedelta(days=7)
    # Record.due_on is kept by the retention engine: the latest link due
    # date, NULL while any link is not due; the range query uses its index.
    deciding = PurposeLink.objects.filter(record=OuterRef("pk"), due_on=OuterRef("due_on"))
    rows = (
        Record.objects.filter(due_on__isnull=False, due_on__lte=end)
        .annotate(activity=Subquery(deciding.order_by("activity").values("activity")[:1]))
        .values_list("due_on", "activity")
    )
    counts: Counter[tuple[date, str]] = Counter()
    for due, activity in rows.iterator(chunk_size=10_000):
        if due is not None:  # filtered out above; the type does not know
            counts[(max(week_of(due), first), activity)] += 1
    activities = sorted({activity for _week, activity in counts})
    return ErasureSchedule(weeks=weeks, activities=activities, counts=dict(counts))
