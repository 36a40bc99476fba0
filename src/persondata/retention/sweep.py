"""The retention sweep: erase what is due, and the plan that shows it first.

Rules of this module:
- Dry run first: ``plan`` answers "what would a sweep erase as of D" with
  the same query the sweep uses, grouped by activity and rule.
- A record is erased when every one of its purpose links is due on the
  sweep's date and no legal hold covering the whole subject is in force
  (holds are also folded into the stored dates; this is a second guard).
- Batches in transactions: each batch re-checks its records inside its own
  transaction, writes its audit entry (record ids, counts, pseudonyms of
  the subjects touched; never values), then erases. Killed at any moment,
  a batch either happened with its audit entry or not at all.
- Safe to run again: a second run finds nothing left to erase; a lock
  stops two sweeps from running at the same time.
- Erasure follows the activities' ``erasure``: ``delete`` removes the
  record; ``anonymize`` keeps only an AnonymisedRecord (activity, category,
  month) with no value and no person. A subject left with no records is
  removed with everything about it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from persondata.audit.actions import subject_pseudonym, write_audit_entry
from persondata.policy.queries import current_declaration
from persondata.retention.locking import exclusive
from persondata.retention.models import AnonymisedRecord, SweepRun
from persondata.subjects.models import DataSubject, LegalHold, PurposeLink, Record

DEFAULT_BATCH = 5000
SWEEP_LOCK = "retention-sweep"


def due_records(as_of: date) -> QuerySet[Record]:
    """Records due on ``as_of``: the stored record date (the latest of its
    links', NULL while any link is not due) is on or before it, found by a
    range query on its index. Two guards are checked for each of them as
    well: no link is undue, and no legal hold covers the whole subject."""
    undue = PurposeLink.objects.filter(record=OuterRef("pk")).filter(
        Q(due_on__isnull=True) | Q(due_on__gt=as_of)
    )
    held = LegalHold.objects.filter(
        subject=OuterRef("subject_id"),
        activity__isnull=True,
        lifted_at__isnull=True,
        starts_on__lte=as_of,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=as_of))
    return Record.objects.filter(due_on__lte=as_of).exclude(Exists(undue)).exclude(Exists(held))


@dataclass
class PlanGroup:
    activity: str
    rule_index: int | None
    links: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class Plan:
    as_of: date
    records: int
    subjects: int
    groups: list[PlanGroup]


def plan(*, as_of: date | None = None, examples: int = 3) -> Plan:
    """What a sweep on ``as_of`` (default today) would erase, without erasing.

    One grouped pass over the due records' links answers it when the stored
    dates are consistent (every link of a record whose stored date has come
    is due as well, which the engine maintains). If any link says otherwise,
    the plan is computed again with the sweep's own guarded query, so the
    plan never shows more than the sweep would erase.
    """
    as_of = as_of or timezone.localdate()
    fast = _plan_by_groups(as_of, examples)
    if fast is not None:
        return fast
    return _plan_guarded(as_of, examples)


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "records": quote(Record._meta.db_table),
        "links": quote(PurposeLink._meta.db_table),
        "holds": quote(LegalHold._meta.db_table),
        "subjects": quote(DataSubject._meta.db_table),
    }


# A legal hold on the whole subject, in force on the date (the second guard).
_NOT_HELD = (
    "NOT EXISTS (SELECT 1 FROM {holds} h WHERE h.subject_id = r.subject_id "
    "AND h.activity IS NULL AND h.lifted_at IS NULL AND h.starts_on <= %s "
    "AND (h.ends_on IS NULL OR h.ends_on >= %s))"
)


def _plan_by_groups(as_of: date, examples: int) -> Plan | None:
    tables = _tables()
    not_held = _NOT_HELD.format(**tables)
    with connection.cursor() as cursor:
        # SQL built from table names of our own models; values are parameters.
        cursor.execute(
            "SELECT l.activity, l.due_rule, COUNT(*), "  # noqa: S608
            "SUM(CASE WHEN l.due_on IS NULL OR l.due_on > %s THEN 1 ELSE 0 END), "
            "MIN(l.record_id), MAX(l.record_id) "
            f"FROM {tables['records']} r JOIN {tables['links']} l ON l.record_id = r.id "
            f"WHERE r.due_on <= %s AND {not_held} "
            "GROUP BY l.activity, l.due_rule",
            [as_of, as_of, as_of, as_of],
        )
        rows = cursor.fetchall()
        if any(undue for _a, _r, _n, undue, _lo, _hi in rows):
            return None
        cursor.execute(
            "SELECT COUNT(*), COUNT(DISTINCT r.subject_id) "  # noqa: S608
            f"FROM {tables['records']} r WHERE r.due_on <= %s AND {not_held}",
            [as_of, as_of, as_of],
        )
        records, subjects = cursor.fetchone()
    groups = []
    for activity, rule, links, _undue, low, high in sorted(
        rows, key=lambda row: (row[0], -1 if row[1] is None else row[1])
    ):
        group = PlanGroup(activity, rule, links=links)
        group.examples = _examples(tables, as_of, activity, rule, low, high, examples)
        groups.append(group)
    return Plan(as_of=as_of, records=records, subjects=subjects, groups=groups)


def _examples(
    tables: dict[str, str],
    as_of: date,
    activity: str,
    rule: int | None,
    low: int,
    high: int,
    count: int,
) -> list[str]:
    """The first ``count`` links of one plan group, between its lowest and
    highest record ids (so the search never walks past the group)."""
    if count < 1:
        return []
    same_rule = "l.due_rule IS NULL" if rule is None else "l.due_rule = %s"
    params: list[Any] = [activity, low, high, as_of]
    if rule is not None:
        params.insert(1, rule)
    with connection.cursor() as cursor:
        # SQL built from table names of our own models; values are parameters.
        cursor.execute(
            "SELECT l.record_id, r.data_category, s.key, l.due_reason "  # noqa: S608
            f"FROM {tables['links']} l JOIN {tables['records']} r ON r.id = l.record_id "
            f"JOIN {tables['subjects']} s ON s.id = r.subject_id "
            f"WHERE l.activity = %s AND {same_rule} AND l.record_id BETWEEN %s AND %s "
            f"AND r.due_on <= %s AND {_NOT_HELD.format(**tables)} "
            f"ORDER BY l.record_id LIMIT {int(count)}",
            [*params, as_of, as_of],
        )
        found = cursor.fetchall()
    return [
        f"record {rid} ({category}) of subject {_key_text(skey)[:8]}: {reason}"
        for rid, category, skey, reason in found
    ]


def _key_text(value: object) -> str:
    # A UUID from the ORM or PostgreSQL, or SQLite's 32 hex digits: the same text.
    return str(value).replace("-", "")


def _plan_guarded(as_of: date, examples: int) -> Plan:
    """The plan from the sweep's own query, guards and all (the slow path)."""
    records = due_records(as_of)
    rows = (
        PurposeLink.objects.filter(record__in=records)
        .values("activity", "due_rule")
        .order_by("activity", "due_rule")
    )
    groups: dict[tuple[str, int | None], PlanGroup] = {}
    for row in rows.annotate(n=Count("id")):
        key = (row["activity"], row["due_rule"])
        groups[key] = PlanGroup(row["activity"], row["due_rule"], links=row["n"])
    for key, group in groups.items():
        sample = PurposeLink.objects.filter(
            record__in=records, activity=key[0], due_rule=key[1]
        ).values_list("record_id", "record__data_category", "record__subject__key", "due_reason")[
            :examples
        ]
        group.examples = [
            f"record {rid} ({category}) of subject {_key_text(skey)[:8]}: {reason}"
            for rid, category, skey, reason in sample
        ]
    return Plan(
        as_of=as_of,
        records=records.count(),
        subjects=records.values("subject_id").distinct().count(),
        groups=list(groups.values()),
    )


@dataclass
class SweepResult:
    run: SweepRun
    deleted: int
    anonymised: int
    subjects_removed: int
    batches: int


def _delete_rows(table: str, column: str, ids: list[int]) -> None:
    # Plain DELETE ... WHERE id IN (...): the ORM's delete() would first load
    # every row to look for cascades this table does not have.
    quoted_table = connection.ops.quote_name(table)
    quoted_column = connection.ops.quote_name(column)
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        # SQL built from table names of our own models; values are parameters.
        cursor.execute(
            f"DELETE FROM {quoted_table} WHERE {quoted_column} IN ({placeholders})",  # noqa: S608
            ids,
        )


def _subjects_keeping_in_range(
    subject_ids: list[int], low: int, high: int, erased: set[int]
) -> set[int]:
    """Subjects with a record in low..high that this batch does not erase."""
    return {
        sid
        for rid, sid in Record.objects.filter(
            id__gte=low, id__lte=high, subject_id__in=subject_ids
        ).values_list("id", "subject_id")
        if rid not in erased
    }


def _erase_batch(
    candidate_ids: list[int], *, as_of: date, run: SweepRun, actor: str, anonymise: set[str]
) -> tuple[int, int, int]:
    low, high = candidate_ids[0], candidate_ids[-1]
    with transaction.atomic():
        # Re-check inside the transaction, by id range: the same rows as the
        # candidate list, minus any that stopped being due since it was read.
        rows = list(
            due_records(as_of)
            .filter(id__gte=low, id__lte=high)
            .values_list("id", "subject_id", "data_category")
        )
        if not rows:
            return 0, 0, 0
        ids = [row[0] for row in rows]
        wanted = set(ids)
        links = [
            link
            for link in PurposeLink.objects.filter(
                record_id__gte=low, record_id__lte=high
            ).values_list("record_id", "activity", "due_rule")
            if link[0] in wanted
        ]
        by_record: dict[int, list[str]] = defaultdict(list)
        per_rule: Counter[str] = Counter()
        for record_id, activity, due_rule in links:
            by_record[record_id].append(activity)
            per_rule[f"{activity}#{'' if due_rule is None else due_rule}"] += 1
        to_anonymise = [rid for rid in ids if any(a in anonymise for a in by_record[rid])]
        anonymised: list[AnonymisedRecord] = []
        if to_anonymise:
            collected = dict(
                Record.objects.filter(id__in=to_anonymise).values_list("id", "collected_at")
            )
            categories = {row[0]: row[2] for row in rows}
            anonymised = [
                AnonymisedRecord(
                    activity=next(a for a in sorted(by_record[rid]) if a in anonymise),
                    data_category=categories[rid],
                    collected_month=timezone.localdate(collected[rid]).replace(day=1),
                    anonymised_on=as_of,
                )
                for rid in to_anonymise
            ]
        subject_ids = sorted({row[1] for row in rows})
        keys = {
            sid: str(key)
            for sid, key in DataSubject.objects.filter(id__in=subject_ids).values_list("id", "key")
        }
        holding_elsewhere = set(
            Record.objects.filter(subject_id__in=subject_ids)
            .exclude(id__gte=low, id__lte=high)
            .values_list("subject_id", flat=True)
            .distinct()
        )
        emptied = (
            set(subject_ids)
            - holding_elsewhere
            - _subjects_keeping_in_range(subject_ids, low, high, wanted)
        )
        # Audit before erase, in the same transaction.
        write_audit_entry(
            action="retention.erase",
            actor=actor,
            object_type="sweep",
            object_id=str(run.pk),
            details={
                "as_of": as_of.isoformat(),
                "records": ids,
                "deleted": len(ids) - len(anonymised),
                "anonymised": len(anonymised),
                "links_by_rule": dict(sorted(per_rule.items())),
                "subjects": sorted(subject_pseudonym(keys[sid]) for sid in subject_ids),
                "subjects_removed": sorted(subject_pseudonym(keys[sid]) for sid in emptied),
            },
        )
        if anonymised:
            AnonymisedRecord.objects.bulk_create(anonymised)
        _delete_rows(PurposeLink._meta.db_table, "record_id", ids)
        _delete_rows(Record._meta.db_table, "id", ids)
        if emptied:
            DataSubject.objects.filter(id__in=list(emptied)).delete()
        SweepRun.objects.filter(pk=run.pk).update(
            batches=run.batches + 1,
            records_deleted=run.records_deleted + len(ids) - len(anonymised),
            records_anonymised=run.records_anonymised + len(anonymised),
            subjects_removed=run.subjects_removed + len(emptied),
        )
        run.batches += 1
        run.records_deleted += len(ids) - len(anonymised)
        run.records_anonymised += len(anonymised)
        run.subjects_removed += len(emptied)
    return len(ids) - len(anonymised), len(anonymised), len(emptied)


def sweep(
    *,
    as_of: date | None = None,
    batch: int = DEFAULT_BATCH,
    actor: str = "retention sweep",
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Erase every record due on ``as_of`` (default today), in batches.

    Raises LockBusy when another sweep is running, ValueError for a batch
    size below 1. Idempotent: run again, it erases nothing more.
    """
    if batch < 1:
        raise ValueError("the batch size must be at least 1")
    as_of = as_of or timezone.localdate()
    declaration = current_declaration()
    anonymise = (
        {k for k, a in declaration.activities.items() if a.erasure == "anonymize"}
        if declaration
        else set()
    )
    with exclusive(SWEEP_LOCK):
        with transaction.atomic():
            run = SweepRun.objects.create(started_at=timezone.now(), as_of=as_of, actor=actor)
            write_audit_entry(
                action="retention.sweep_started",
                actor=actor,
                object_type="sweep",
                object_id=str(run.pk),
                details={"as_of": as_of.isoformat(), "batch": batch},
            )
        candidates = list(
            Record.objects.filter(due_on__lte=as_of).order_by("id").values_list("id", flat=True)
        )
        try:
            for start in range(0, len(candidates), batch):
                _erase_batch(
                    candidates[start : start + batch],
                    as_of=as_of,
                    run=run,
                    actor=actor,
                    anonymise=anonymise,
                )
                if progress is not None:
                    progress(min(start + batch, len(candidates)), len(candidates))
        except Exception as exc:
            SweepRun.objects.filter(pk=run.pk).update(
                status=SweepRun.Status.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
            )
            raise
        with transaction.atomic():
            SweepRun.objects.filter(pk=run.pk).update(
                status=SweepRun.Status.FINISHED, finished_at=timezone.now()
            )
            write_audit_entry(
                action="retention.sweep_finished",
                actor=actor,
                object_type="sweep",
                object_id=str(run.pk),
                details={
                    "deleted": run.records_deleted,
                    "anonymised": run.records_anonymised,
                    "subjects_removed": run.subjects_removed,
                    "batches": run.batches,
                },
            )
    run.refresh_from_db()
    return SweepResult(
        run=run,
        deleted=run.records_deleted,
        anonymised=run.records_anonymised,
        subjects_removed=run.subjects_removed,
        batches=run.batches,
    )
