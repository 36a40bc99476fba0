"""The retention engine: stored due dates (SPEC section 3).

Rules of this module:
- A purpose link's due date is a pure function of the register's state
  (records, events, relationships, consents, holds) and the applied
  declaration; it does not depend on today's date. So it is stored and
  indexed, and recomputed only when that state changes: every register
  action calls ``recompute_subject`` in its own transaction, and applying a
  declaration recomputes every link in chunks (``recompute_all``).
- Legal holds are folded into the stored date: a hold without an end keeps
  the link (no due date); a hold that ends on a known day moves a due date
  that falls inside it to the day after it ends.
- A link whose activity the declaration no longer has is unjustified: it is
  due from the day the recomputation ran, and the plan shows it.
- ``unreviewed: erase`` activities: a record not confirmed within
  ``review_every`` is due at the end of that interval if that is earlier.
The sweep that acts on these dates is in ``sweep.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from persondata.policy.queries import current_declaration
from persondata.policy.schema import Declaration
from persondata.retention.facts import HoldSpan, SubjectState, gather_states
from persondata.retention.rules import Due, RecordFacts, compute_due, review_due
from persondata.subjects.models import DataSubject, PurposeLink

CHUNK = 2000


@dataclass(frozen=True)
class LinkRow:
    id: int
    activity: str
    subject_id: int
    data_category: str
    collected: date
    last_confirmed: date | None
    due_on: date | None
    due_rule: int | None
    due_reason: str


def _local(value: datetime) -> date:
    return timezone.localdate(value)


def _apply_holds(due: Due, holds: list[HoldSpan], activity: str) -> Due:
    for hold in holds:
        if hold.activity is not None and hold.activity != activity:
            continue
        if hold.ends_on is None:
            if due.on is None or due.on >= hold.starts_on:
                return Due(None, None, "a legal hold stops erasure until it is lifted")
            continue
        if due.on is not None and hold.starts_on <= due.on <= hold.ends_on:
            due = Due(
                hold.ends_on + timedelta(days=1),
                due.rule_index,
                f"{due.reason}; held by a legal hold until {hold.ends_on.isoformat()}",
            )
    return due


def link_due(declaration: Declaration, link: LinkRow, state: SubjectState, *, today: date) -> Due:
    """The stored due date of one link, holds and review included."""
    activity = declaration.activities.get(link.activity)
    if activity is None:
        return Due(today, None, f"the activity '{link.activity}' is no longer declared")
    due = compute_due(
        activity,
        record=RecordFacts(data_category=link.data_category, collected=link.collected),
        subject=state.facts(),
        year_end=declaration.controller.year_end,
    )
    if activity.unreviewed == "erase" and activity.review_every is not None:
        confirmed = link.last_confirmed or link.collected
        review = review_due(activity, last_confirmed=confirmed)
        if review is not None and (due.on is None or review < due.on):
            due = Due(review, None, f"not confirmed within {activity.review_every} (review)")
    return _apply_holds(due, state.holds, link.activity)


def _link_rows(subject_ids: list[int]) -> list[LinkRow]:
    rows = PurposeLink.objects.filter(record__subject_id__in=subject_ids).values_list(
        "id",
        "activity",
        "record__subject_id",
        "record__data_category",
        "record__collected_at",
        "record__last_confirmed_at",
        "due_on",
        "due_rule",
        "due_reason",
    )
    return [
        LinkRow(
            id=row[0],
            activity=row[1],
            subject_id=row[2],
            data_category=row[3],
            collected=_local(row[4]),
            last_confirmed=_local(row[5]) if row[5] is not None else None,
            due_on=row[6],
            due_rule=row[7],
            due_reason=row[8],
        )
        for row in rows
    ]


def _recompute_chunk(declaration: Declaration, subject_ids: list[int], *, today: date) -> int:
    states = gather_states(subject_ids)
    changed: list[PurposeLink] = []
    for link in _link_rows(subject_ids):
        state = states.get(link.subject_id)
        if state is None:
            continue
        due = link_due(declaration, link, state, today=today)
        reason = due.reason[:1000]
        if (link.due_on, link.due_rule, link.due_reason) != (due.on, due.rule_index, reason):
            changed.append(
                PurposeLink(id=link.id, due_on=due.on, due_rule=due.rule_index, due_reason=reason)
            )
    if changed:
        PurposeLink.objects.bulk_update(
            changed, ["due_on", "due_rule", "due_reason"], batch_size=500
        )
    return len(changed)


def recompute_subject(subject_id: int) -> int:
    """Recompute the stored due dates of every purpose link of one subject.

    Called by the register's actions inside their transaction. Returns how
    many links changed; does nothing before a declaration is applied.
    """
    declaration = current_declaration()
    if declaration is None:
        return 0
    return _recompute_chunk(declaration, [subject_id], today=timezone.localdate())


def recompute_subjects(subject_ids: Iterable[int]) -> int:
    """Recompute several subjects' links (chunked); returns links changed."""
    declaration = current_declaration()
    if declaration is None:
        return 0
    ids = list(subject_ids)
    today = timezone.localdate()
    changed = 0
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            changed += _recompute_chunk(declaration, ids[start : start + CHUNK], today=today)
    return changed


def recompute_all(
    *, declaration: Declaration | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute every link in the register, one transaction per chunk of subjects.

    Used after a declaration change. Safe to interrupt and run again: each
    chunk commits on its own and the result does not depend on the order.
    Returns how many links changed.
    """
    declaration = declaration or current_declaration()
    if declaration is None:
        return 0
    today = timezone.localdate()
    total = DataSubject.objects.count()
    done = 0
    changed = 0
    last_id = 0
    while True:
        ids = list(
            DataSubject.objects.filter(id__gt=last_id)
            .order_by("id")
            .values_list("id", flat=True)[:CHUNK]
        )
        if not ids:
            break
        with transaction.atomic():
            changed += _recompute_chunk(declaration, ids, today=today)
        last_id = ids[-1]
        done += len(ids)
        if progress is not None:
            progress(done, total)
    return changed
