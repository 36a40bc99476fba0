"""The retention engine: stored due dates (SPEC section 3).

Rules of this module:
- A purpose link's due date is a pure function of the register's state
  (records, events, relationships, consents, holds) and the applied
  declaration; it does not depend on today's date. So it is stored and
  indexed, and recomputed only when that state changes: every register
  action calls ``recompute_subject`` in its own transaction, and applying a
  declaration recomputes every link in chunks (``recompute_all``).
- Only the date and the index of the rule that set it are stored. The
  reason in words is computed when read (``due_reasons``) from the same
  facts: a declaration change that only rewords reasons (``keep: 3y`` to
  ``4y`` for relationships still ongoing) writes no link.
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

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from django.db import connection, transaction
from django.utils import timezone

from persondata.lib.sql import one_of
from persondata.policy.queries import current_declaration
from persondata.policy.schema import Activity, Declaration, KeepRule
from persondata.retention.facts import HoldSpan, SubjectState, gather_states
from persondata.retention.rules import (
    COLLECTED,
    CONSENT_WITHDRAWN,
    RELATIONSHIP_ENDED,
    Due,
    RecordFacts,
    SubjectFacts,
    compute_due,
    review_due,
)
from persondata.subjects.models import DataSubject, PurposeLink, Record

CHUNK = 2000
# Subjects per transaction in recompute_all: larger chunks, fewer round trips.
RANGE_CHUNK = 10_000


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


def _to_local_date(value: datetime | str, zone: tzinfo) -> date:
    # Raw rows: PostgreSQL gives aware datetimes, SQLite UTC text.
    if isinstance(value, str):
        value = datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.astimezone(zone).date()


def _to_date(value: date | str | None) -> date | None:
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value


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


@dataclass(frozen=True)
class _Profile:
    """What one activity's due date can depend on, so that equal inputs are
    computed once (many subjects share the same facts)."""

    events: tuple[str, ...]
    consents: frozenset[str]
    subject_selectors: frozenset[str] | None
    uses_data: bool
    uses_collected: bool
    # Per event: (name, relationship kind or "" that blocks it while active,
    # consent purpose that blocks it while active); see rules.anchor_date.
    anchors: tuple[tuple[str, str | None, str | None], ...] = ()


def _profile(activity: Activity) -> _Profile:
    events: set[str] = set()
    consents: set[str] = set()
    selectors: set[str] = set()
    any_unselected = False
    for rule in activity.retention:
        events.add(rule.after if isinstance(rule, KeepRule) else rule.on)
        if isinstance(rule, KeepRule) and rule.extend is not None:
            consents.add(rule.extend.consent)
        if rule.subjects is None:
            any_unselected = True
        else:
            selectors.update(rule.subjects)
    uses_collected = COLLECTED in events or (
        activity.unreviewed == "erase" and activity.review_every is not None
    )
    events.discard(COLLECTED)
    return _Profile(
        anchors=tuple(_anchor_check(event) for event in sorted(events)),
        events=tuple(sorted(events)),
        consents=frozenset(consents),
        subject_selectors=None if any_unselected and not selectors else frozenset(selectors),
        uses_data=any(rule.data is not None for rule in activity.retention),
        uses_collected=uses_collected,
    )


def _anchor_check(event: str) -> tuple[str, str | None, str | None]:
    name, _, qualifier = event.partition(":")
    return (
        event,
        qualifier if name == RELATIONSHIP_ENDED else None,
        qualifier if name == CONSENT_WITHDRAWN else None,
    )


def _blocked(relationship: str | None, consent: str | None, state: SubjectState) -> bool:
    if relationship is not None:
        active = state.active_relationships
        if (relationship in active) if relationship else bool(active):
            return True
    return consent is not None and consent in state.active_consents


def _anchors(profile: _Profile, state: SubjectState) -> tuple[date | None, ...]:
    """``rules.anchor_date`` of each of the profile's events, read straight
    from the gathered state (the same answers, without building facts)."""
    found: list[date | None] = []
    for event, relationship, consent in profile.anchors:
        found.append(None if _blocked(relationship, consent, state) else state.events.get(event))
    return tuple(found)


_ANY_RECORD = RecordFacts(data_category="user", collected=date(2000, 1, 1))


class DueCalculator:
    """Computes links' due dates for one declaration, remembering results for
    inputs that are equal in everything the activity's rules can look at."""

    def __init__(self, declaration: Declaration, *, today: date) -> None:
        self.declaration = declaration
        self.today = today
        self.profiles = {key: _profile(a) for key, a in declaration.activities.items()}
        self.cache: dict[tuple[object, ...], Due] = {}

    def link_due(self, link: LinkRow, state: SubjectState) -> Due:
        """The stored due date of one link, holds and review included."""
        activity = self.declaration.activities.get(link.activity)
        if activity is None:
            return Due(self.today, None, f"the activity '{link.activity}' is no longer declared")
        profile = self.profiles[link.activity]
        key = (
            link.activity,
            _anchors(profile, state),
            profile.consents.intersection(state.active_consents),
            state.categories
            if profile.subject_selectors is None
            else profile.subject_selectors & state.categories,
            link.data_category if profile.uses_data else None,
            (link.collected, link.last_confirmed) if profile.uses_collected else None,
        )
        due = self.cache.get(key)
        if due is None:
            due = self._compute(activity, link, state.facts())
            self.cache[key] = due
        return _apply_holds(due, state.holds, link.activity) if state.holds else due

    def needs_each_link(self, activity_key: str) -> bool:
        """True when the activity's due dates depend on the record itself
        (its category or collection date), not only on the subject."""
        profile = self.profiles.get(activity_key)
        return profile is not None and (profile.uses_data or profile.uses_collected)

    def subject_due(self, activity_key: str, state: SubjectState) -> Due:
        """The due date shared by every link of this subject to an activity
        for which ``needs_each_link`` is False."""
        activity = self.declaration.activities.get(activity_key)
        if activity is None:
            return Due(self.today, None, f"the activity '{activity_key}' is no longer declared")
        link = LinkRow(
            0,
            activity_key,
            0,
            _ANY_RECORD.data_category,
            _ANY_RECORD.collected,
            None,
            None,
            None,
        )
        return self.link_due(link, state)

    def _compute(self, activity: Activity, link: LinkRow, facts: SubjectFacts) -> Due:
        due = compute_due(
            activity,
            record=RecordFacts(data_category=link.data_category, collected=link.collected),
            subject=facts,
            year_end=self.declaration.controller.year_end,
        )
        if activity.unreviewed == "erase" and activity.review_every is not None:
            confirmed = link.last_confirmed or link.collected
            review = review_due(activity, last_confirmed=confirmed)
            if review is not None and (due.on is None or review < due.on):
                due = Due(review, None, f"not confirmed within {activity.review_every} (review)")
        return due


def link_due(declaration: Declaration, link: LinkRow, state: SubjectState, *, today: date) -> Due:
    """The stored due date of one link, holds and review included."""
    return DueCalculator(declaration, today=today).link_due(link, state)


def due_reasons(
    subject_ids: Iterable[int], *, declaration: Declaration | None = None
) -> dict[int, str]:
    """Why each purpose link of the given subjects is due when it is (or kept),
    in English words for staff, by link id: the ``Due.reason`` the engine
    computes for its stored date and rule, holds and review included.

    Computed on read from the subjects' current facts and ``declaration``
    (the applied one by default), not stored: a declaration change that only
    rewords a reason writes no link. A few queries per chunk of subjects,
    none per link. Every link of the subjects has an entry; before a
    declaration is applied each reason is "".
    """
    ids = sorted(set(subject_ids))
    reasons: dict[int, str] = {}
    if not ids:
        return reasons
    if declaration is None:
        declaration = current_declaration()
    if declaration is None:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            links = PurposeLink.objects.filter(subject_id__in=chunk).values_list("id", flat=True)
            reasons.update((link_id, "") for link_id in links)
        return reasons
    calculator = DueCalculator(declaration, today=timezone.localdate())
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        states = gather_states(chunk)
        for link in _link_rows(chunk):
            state = states.get(link.subject_id)
            if state is not None:
                reasons[link.id] = calculator.link_due(link, state).reason
    return reasons


_LINK_SQL = (
    "SELECT l.id, l.activity, l.subject_id, r.data_category, r.collected_at, "
    "r.last_confirmed_at, l.due_on, l.due_rule "
    "FROM {links} l JOIN {records} r ON r.id = l.record_id WHERE "
)


def _link_rows(subject_ids: list[int], *, id_range: tuple[int, int] | None = None) -> list[LinkRow]:
    """The links of the given subjects (or of every subject whose id is in
    ``id_range``, inclusive), read with one plain query."""
    zone = timezone.get_current_timezone()
    sql = _LINK_SQL.format(
        links=connection.ops.quote_name(PurposeLink._meta.db_table),
        records=connection.ops.quote_name(Record._meta.db_table),
    )
    if id_range is not None:
        sql += "l.subject_id BETWEEN %s AND %s"
        params: list[int] = list(id_range)
    else:
        condition, params = one_of(subject_ids)
        sql += f"l.subject_id {condition}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        LinkRow(
            id=row[0],
            activity=row[1],
            subject_id=row[2],
            data_category=row[3],
            collected=_to_local_date(row[4], zone),
            last_confirmed=_to_local_date(row[5], zone) if row[5] is not None else None,
            due_on=_to_date(row[6]),
            due_rule=row[7],
        )
        for row in rows
    ]


def _store(changed: dict[tuple[date | None, int | None], list[int]]) -> None:
    # One UPDATE per distinct (date, rule): set-based, and far cheaper than a
    # CASE per row; most links of a chunk share a handful of values.
    table = connection.ops.quote_name(PurposeLink._meta.db_table)
    with connection.cursor() as cursor:
        for (due_on, due_rule), ids in changed.items():
            for start in range(0, len(ids), 5000):
                part = ids[start : start + 5000]
                # SQL built from table names of our own models; values are parameters.
                condition, params = one_of(part)
                cursor.execute(
                    f"UPDATE {table} SET due_on = %s, due_rule = %s "  # noqa: S608
                    f"WHERE id {condition}",
                    [due_on, due_rule, *params],
                )


def record_dues_sql(vendor: str, links_where: str, records_where: str) -> str:
    """The UPDATE that sets records' ``due_on``, ``due_activity`` and
    ``due_rule`` from their links (also used by the migration that added
    the last two). The link that sets them is the one with the latest date
    (ties: the last activity key); a record with an undated link gets none."""
    links = '"subjects_purposelink"'
    records = '"subjects_record"'
    same = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"
    # SQL built from our own table names and the caller's fixed conditions.
    return (
        f"UPDATE {records} SET due_on = x.due, due_activity = x.activity, "  # noqa: S608
        "due_rule = x.rule FROM (SELECT w.record_id AS record_id, "
        "CASE WHEN w.undated = 0 THEN w.due_on END AS due, "
        "CASE WHEN w.undated = 0 THEN w.activity ELSE '' END AS activity, "
        "CASE WHEN w.undated = 0 THEN w.due_rule END AS rule FROM ("
        "SELECT l.record_id, l.due_on, l.activity, l.due_rule, "
        "ROW_NUMBER() OVER (PARTITION BY l.record_id "
        "ORDER BY l.due_on DESC, l.activity DESC) AS position, "
        "SUM(CASE WHEN l.due_on IS NULL THEN 1 ELSE 0 END) "
        "OVER (PARTITION BY l.record_id) AS undated "
        f"FROM {links} l WHERE {links_where}) w WHERE w.position = 1) x "
        f"WHERE {records}.id = x.record_id AND {records_where} "
        f"AND NOT ({records}.due_on {same} x.due AND {records}.due_activity = x.activity "
        f"AND {records}.due_rule {same} x.rule)"
    )


def store_record_dues(
    *, subject_ids: list[int] | None = None, id_range: tuple[int, int] | None = None
) -> None:
    """Set each record's ``due_on`` from its links: the latest link date, or
    NULL while any link has none, with the activity and rule of that link.
    Only rows whose values change are written.

    Selects the records by their subjects' ids (a list, or an inclusive range).
    """
    records = connection.ops.quote_name(Record._meta.db_table)
    if id_range is not None:
        links_where = "l.subject_id BETWEEN %s AND %s"
        records_where = f"{records}.subject_id BETWEEN %s AND %s"
        ids: list[int] = list(id_range)
    elif subject_ids:
        condition, ids = one_of(subject_ids)
        links_where = f"l.subject_id {condition}"
        records_where = f"{records}.subject_id {condition}"
    else:
        return
    with connection.cursor() as cursor:
        cursor.execute(record_dues_sql(connection.vendor, links_where, records_where), ids + ids)


def _recompute_chunk(
    calculator: DueCalculator,
    subject_ids: list[int],
    *,
    id_range: tuple[int, int] | None = None,
) -> int:
    states = gather_states(subject_ids, id_range=id_range)
    changed: dict[tuple[date | None, int | None], list[int]] = defaultdict(list)
    count = 0
    for link in _link_rows(subject_ids, id_range=id_range):
        state = states.get(link.subject_id)
        if state is None:
            continue
        due = calculator.link_due(link, state)
        value = (due.on, due.rule_index)
        if (link.due_on, link.due_rule) != value:
            changed[value].append(link.id)
            count += 1
    _store(changed)
    store_record_dues(subject_ids=subject_ids, id_range=id_range)
    return count


def _null_safe_equal() -> str:
    return "IS NOT DISTINCT FROM" if connection.vendor == "postgresql" else "IS"


def _recompute_range(
    calculator: DueCalculator, low: int, high: int, *, all_records: bool = False
) -> int:
    """Set-based recomputation for the subjects with ids low..high.

    For activities whose due date depends only on the subject (no rule looks
    at the record's category or collection date), the date is computed once
    per subject and activity and written with one UPDATE per distinct value
    over all that subject group's links; only links whose stored value
    differs are written. Other activities go link by link. Records' dates
    are then refreshed for the subjects whose links' dates changed (for
    every subject in the range with ``all_records``, which also repairs a
    record date that disagrees with its links).
    """
    states = gather_states([], id_range=(low, high))
    links = connection.ops.quote_name(PurposeLink._meta.db_table)
    with connection.cursor() as cursor:
        # SQL built from table names of our own models; values are parameters.
        cursor.execute(
            "SELECT l.subject_id, l.activity, l.due_on, l.due_rule "  # noqa: S608
            f"FROM {links} l WHERE l.subject_id BETWEEN %s AND %s "
            "GROUP BY l.subject_id, l.activity, l.due_on, l.due_rule",
            [low, high],
        )
        stored = cursor.fetchall()
    groups: dict[tuple[str, date | None, int | None], set[int]] = defaultdict(set)
    dates_changed: set[int] = set()
    per_link = False
    for subject_id, activity, due_on, due_rule in stored:
        state = states.get(subject_id)
        if state is None:
            continue
        if calculator.needs_each_link(activity):
            per_link = True
            continue
        due = calculator.subject_due(activity, state)
        value = (due.on, due.rule_index)
        stored_on = _to_date(due_on)
        if (stored_on, due_rule) != value:
            groups[(activity, *value)].add(subject_id)
            if stored_on != due.on:
                dates_changed.add(subject_id)
    same = _null_safe_equal()
    count = 0
    with connection.cursor() as cursor:
        for (activity, due_on, due_rule), members in groups.items():
            subject_ids = sorted(members)
            for start in range(0, len(subject_ids), 5000):
                part = subject_ids[start : start + 5000]
                # SQL built from table names of our own models; values are parameters.
                condition, params = one_of(part)
                cursor.execute(
                    f"UPDATE {links} SET due_on = %s, due_rule = %s "  # noqa: S608
                    f"WHERE activity = %s AND subject_id {condition} "
                    f"AND NOT (due_on {same} %s AND due_rule {same} %s)",
                    [due_on, due_rule, activity, *params, due_on, due_rule],
                )
                count += max(cursor.rowcount, 0)
    if per_link:
        changed: dict[tuple[date | None, int | None], list[int]] = defaultdict(list)
        for link in _link_rows([], id_range=(low, high)):
            state = states.get(link.subject_id)
            if state is None or not calculator.needs_each_link(link.activity):
                continue
            due = calculator.link_due(link, state)
            value = (due.on, due.rule_index)
            if (link.due_on, link.due_rule) != value:
                changed[value].append(link.id)
                count += 1
                if link.due_on != due.on:
                    dates_changed.add(link.subject_id)
        _store(changed)
    if all_records:
        store_record_dues(id_range=(low, high))
    else:
        _store_changed_record_dues(sorted(dates_changed), low, high)
    return count


def _store_changed_record_dues(subject_ids: list[int], low: int, high: int) -> None:
    # Many subjects: one pass over the range is cheaper than long id lists.
    if len(subject_ids) * 4 > high - low + 1:
        store_record_dues(id_range=(low, high))
        return
    for start in range(0, len(subject_ids), 5000):
        store_record_dues(subject_ids=subject_ids[start : start + 5000])


_deferred: ContextVar[set[int] | None] = ContextVar("deferred_recompute", default=None)


@contextmanager
def deferred_recompute() -> Iterator[None]:
    """Within the block, ``recompute_subject`` only notes the subject; every
    noted subject is recomputed once when the block ends without an error.

    For bulk work through the register's actions (demo data, imports): use
    it inside the caller's transaction, so that no stored due date is stale
    when that transaction commits. Nested blocks join the outermost one.
    """
    if _deferred.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    recompute_subjects(sorted(pending))


def recompute_subject(subject_id: int) -> int:
    """Recompute the stored due dates of every purpose link of one subject.

    Called by the register's actions inside their transaction. Returns how
    many links' date or rule changed (0 when deferred, see ``deferred_recompute``); does
    nothing before a declaration is applied.
    """
    pending = _deferred.get()
    if pending is not None:
        pending.add(subject_id)
        return 0
    declaration = current_declaration()
    if declaration is None:
        return 0
    calculator = DueCalculator(declaration, today=timezone.localdate())
    return _recompute_chunk(calculator, [subject_id])


def recompute_subjects(subject_ids: Iterable[int]) -> int:
    """Recompute several subjects' links (chunked); returns links changed."""
    declaration = current_declaration()
    if declaration is None:
        return 0
    ids = list(subject_ids)
    calculator = DueCalculator(declaration, today=timezone.localdate())
    changed = 0
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            changed += _recompute_chunk(calculator, ids[start : start + CHUNK])
    return changed


def _subject_ranges() -> Iterator[tuple[int, int, int]]:
    """Consecutive (low, high, count) ranges of subject ids, RANGE_CHUNK each."""
    last_id = 0
    while True:
        ids = list(
            DataSubject.objects.filter(id__gt=last_id)
            .order_by("id")
            .values_list("id", flat=True)[:RANGE_CHUNK]
        )
        if not ids:
            return
        yield ids[0], ids[-1], len(ids)
        last_id = ids[-1]


def _range_in_own_transaction(
    calculator: DueCalculator, low: int, high: int, *, repair: bool
) -> int:
    try:
        with transaction.atomic():
            return _recompute_range(calculator, low, high, all_records=repair)
    finally:
        # A worker thread's own connection: closed when its range is done.
        if threading.current_thread() is not threading.main_thread():
            connection.close()


def recompute_all(
    *,
    declaration: Declaration | None = None,
    progress: Callable[[int, int], None] | None = None,
    repair: bool = False,
    workers: int = 2,
) -> int:
    """Recompute every link in the register, one transaction per chunk of subjects.

    Used after a declaration change. Safe to interrupt and run again: each
    chunk commits on its own and the result does not depend on the order.
    ``repair`` also rewrites every record's date from its links, whether or
    not a link changed (``persondata retention recompute``). Returns how
    many links' stored date or rule changed.

    On PostgreSQL, outside a transaction, ``workers`` threads each take
    chunks with a connection of their own, so that one computes while the
    server writes another's. SQLite has one writer at a time: one thread.
    """
    declaration = declaration or current_declaration()
    if declaration is None:
        return 0
    calculator = DueCalculator(declaration, today=timezone.localdate())
    total = DataSubject.objects.count()
    done = 0
    changed = 0
    parallel = workers > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block
    if parallel:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pending: set[Future[int]] = set()
            sizes: dict[Future[int], int] = {}
            for low, high, count in _subject_ranges():
                future = pool.submit(
                    _range_in_own_transaction, calculator, low, high, repair=repair
                )
                pending.add(future)
                sizes[future] = count
                # Keep a few ranges queued, not the whole register's.
                while len(pending) >= workers * 2:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        changed += future.result()
                        done += sizes.pop(future)
                        if progress is not None:
                            progress(done, total)
            for future in pending:
                changed += future.result()
                done += sizes.pop(future)
                if progress is not None:
                    progress(done, total)
    else:
        for low, high, count in _subject_ranges():
            changed += _range_in_own_transaction(calculator, low, high, repair=repair)
            done += count
            if progress is not None:
                progress(done, total)
    if changed:
        # Many rows were rewritten: refresh the planner's statistics so that
        # the plan and the sweep keep using the due-date index.
        with connection.cursor() as cursor:
            for model in (PurposeLink, Record):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return changed
