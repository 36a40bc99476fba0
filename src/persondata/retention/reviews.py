"""The review queue: records past their activity's ``review_every`` (SPEC 3, rule 3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from persondata.policy.schema import Declaration
from persondata.subjects.models import PurposeLink


@dataclass(frozen=True)
class OverdueReview:
    record_id: int
    subject_key: str
    activity: str
    data_category: str
    last_confirmed: date
    review_due: date
    action: str  # "flag" or "erase", from the activity's `unreviewed`


def overdue_reviews(
    declaration: Declaration, *, today: date | None = None, limit: int | None = None
) -> list[OverdueReview]:
    """Links whose record was last confirmed (or collected) more than
    ``review_every`` before ``today``, oldest first, one row per link."""
    today = today or timezone.localdate()
    found: list[OverdueReview] = []
    for key, activity in declaration.activities.items():
        if activity.review_every is None:
            continue
        # last_confirmed + interval <= today  <=>  last_confirmed <= today - interval
        cutoff_day = today - activity.review_every.as_relativedelta()
        cutoff = timezone.make_aware(datetime.combine(cutoff_day, time.max))
        rows = (
            PurposeLink.objects.filter(activity=key)
            .annotate(confirmed=Coalesce(F("record__last_confirmed_at"), F("record__collected_at")))
            .filter(Q(confirmed__lte=cutoff))
            .order_by("confirmed")
            .values_list("record_id", "record__subject__key", "record__data_category", "confirmed")
        )
        if limit is not None:
            rows = rows[:limit]
        for record_id, subject_key, category, confirmed in rows:
            confirmed_day = timezone.localdate(confirmed)
            found.append(
                OverdueReview(
                    record_id=record_id,
                    subject_key=str(subject_key),
                    activity=key,
                    data_category=category,
                    last_confirmed=confirmed_day,
                    review_due=activity.review_every.add_to(confirmed_day),
                    action=activity.unreviewed,
                )
            )
    found.sort(key=lambda row: (row.review_due, row.record_id))
    return found[:limit] if limit is not None else found
