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
from uuid import UUID

from django.db import connection, transaction
from django.db.models import CASCADE, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from persondata.audit.actions import subject_pseudonym, write_audit_entry
from persondata.lib.sql import one_of, table_names
from persondata.policy.queries import current_declaration
from persondata.retention.engine import due_reasons
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
    held = _held_subjects(as_of).filter(subject=OuterRef("subject_id"))
    return Record.objects.filter(due_on__lte=as_of).exclude(Exists(undue)).exclude(Exists(held))


@dataclass
class PlanGroup:
    activity: str
    rule_index: int | None
    records: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class Plan:
    as_of: date
    records: int
    subjects: int
    groups: list[PlanGroup]


def plan(*, as_of: date | None = None, examples: int = 3) -> Plan:
    """What a sweep on ``as_of`` (default today) would erase, without erasing.

    Read from the records' stored dates: one pass over the due range of
    their index, counting records by the activity and rule of the link that
    dated each (the last reason to keep it). The sweep erases these, and
    re-checks every record's links and holds before it does.
    """
    as_of = as_of or timezone.localdate()
    tables = _tables()
    not_held, held_params = _not_held(as_of)
    with connection.cursor() as cursor:
        # SQL built from table names of our own models; values are parameters.
        cursor.execute(
            "SELECT r.due_activity, r.due_rule, COUNT(*), MIN(r.id), MAX(r.id) "  # noqa: S608
            f"FROM {tables['records']} r WHERE r.due_on <= %s AND {not_held} "
            "GROUP BY r.due_activity, r.due_rule",
            [as_of, *held_params],
        )
        rows = cursor.fetchall()
        subjects = 0
        if rows:
            cursor.execute(
                "SELECT COUNT(DISTINCT r.subject_id) "  # noqa: S608
                f"FROM {tables['records']} r WHERE r.due_on <= %s AND {not_held}",
                [as_of, *held_params],
            )
            subjects = cursor.fetchone()[0]
    groups = []
    found: list[list[_Example]] = []
    for activity, rule, count, low, high in sorted(
        rows, key=lambda row: (row[0], -1 if row[1] is None else row[1])
    ):
        groups.append(PlanGroup(activity, rule, records=count))
        found.append(
            _examples(
                tables, as_of, (activity, rule), (low, high), examples, (not_held, held_params)
            )
        )
    # The reasons in words of every group's examples, computed at once.
    reasons = due_reasons({example.subject_id for group_found in found for example in group_found})
    for group, group_found in zip(groups, found, strict=True):
        group.examples = [example.text(reasons) for example in group_found]
    return Plan(
        as_of=as_of, records=sum(g.records for g in groups), subjects=subjects, groups=groups
    )


def _tables() -> dict[str, str]:
    return table_names({"records": Record, "links": PurposeLink, "subjects": DataSubject})


# Subjects under a hold listed inline up to this many; beyond, a subquery.
_HELD_INLINE = 500


def _held_subjects(as_of: date) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(
        activity__isnull=True, lifted_at__isnull=True, starts_on__lte=as_of
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=as_of))


def _not_held(as_of: date) -> tuple[str, list[Any]]:
    """A condition on ``r.subject_id``: no legal hold on the whole subject in
    force on ``as_of`` (the sweep's second guard). Usually few or no subjects
    are held, so they are listed; the condition is then nearly free."""
    held = sorted(
        set(_held_subjects(as_of).values_list("subject_id", flat=True)[: _HELD_INLINE + 1])
    )
    if not held:
        return "1 = 1", []
    if len(held) <= _HELD_INLINE:
        return f"r.subject_id NOT IN ({', '.join(['%s'] * len(held))})", held
    holds = connection.ops.quote_name(LegalHold._meta.db_table)
    return (
        # SQL built from a table name of our own models; values are parameters.
        f"NOT EXISTS (SELECT 1 FROM {holds} h WHERE h.subject_id = r.subject_id "  # noqa: S608
        "AND h.activity IS NULL AND h.lifted_at IS NULL AND h.starts_on <= %s "
        "AND (h.ends_on IS NULL OR h.ends_on >= %s))",
        [as_of, as_of],
    )


@dataclass(frozen=True)
class _Example:
    record_id: int
    category: str
    subject_key: object
    subject_id: int
    link_id: int | None  # the link that dated the record; None if it is gone

    def text(self, reasons: dict[int, str]) -> str:
        reason = reasons.get(self.link_id, "") if self.link_id is not None else ""
        return (
            f"record {self.record_id} ({self.category}) of subject "
            f"{_key(self.subject_key).hex[:8]}: {reason or 'no link'}"
        )


def _examples(
    tables: dict[str, str],
    as_of: date,
    group: tuple[str, int | None],
    span: tuple[int, int],
    count: int,
    held: tuple[str, list[Any]],
) -> list[_Example]:
    """The first ``count`` records of one plan group, looked for only between
    its lowest and highest record ids, with the link that dated each."""
    if count < 1:
        return []
    activity, rule = group
    same_rule = "r.due_rule IS NULL" if rule is None else "r.due_rule = %s"
    not_held, held_params = held
    params: list[Any] = [activity, *([] if rule is None else [rule]), *span, as_of, *held_params]
    with connection.cursor() as cursor:
        # SQL built from table names of our own models; values are parameters.
        cursor.execute(
            "SELECT r.id, r.data_category, s.key, r.subject_id, l.id "  # noqa: S608
            f"FROM {tables['records']} r JOIN {tables['subjects']} s ON s.id = r.subject_id "
            f"LEFT JOIN {tables['links']} l ON l.record_id = r.id AND l.activity = r.due_activity "
            f"WHERE r.due_activity = %s AND {same_rule} AND r.id BETWEEN %s AND %s "
            f"AND r.due_on <= %s AND {not_held} ORDER BY r.id LIMIT {int(count)}",
            params,
        )
        found = cursor.fetchall()
    return [_Example(*row) for row in found]


def _key(value: object) -> UUID:
    # A UUID from the ORM or PostgreSQL, or SQLite's 32 hex digits: the same key.
    return value if isinstance(value, UUID) else UUID(str(value))


@dataclass
class SweepResult:
    run: SweepRun
    deleted: int
    anonymised: int
    subjects_removed: int
    batches: int


def _delete_rows(table: str, column: str, ids: list[int]) -> None:
    # Plain DELETE of a list of ids: the ORM's delete() would first load
    # every row to look for cascades this table does not have.
    condition, params = one_of(ids)
    with connection.cursor() as cursor:
        # SQL built from table names of our own models; values are parameters.
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(table)} "  # noqa: S608
            f"WHERE {connection.ops.quote_name(column)} {condition}",
            params,
        )


def _values(sql: str, ids: list[int], *more: Any) -> list[tuple[Any, ...]]:
    """The rows of ``sql``, whose first "{ids}" is a condition "is one of ids"."""
    condition, params = one_of(ids)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=condition), [*params, *more])
        return cursor.fetchall()


def _remove_subjects(subject_ids: list[int]) -> None:
    """Remove subjects that have no records left, with everything about them.

    Rows in tables that only hang on the subject (relationships, events,
    holds, ...: a cascade with nothing depending on them) go with plain
    DELETEs. A subject that also has rows the ORM must treat specially
    (consent entries made pseudonymous, requests kept without the subject,
    anything with rows of its own depending on it) is removed through the
    ORM's delete, which applies each relation's ``on_delete``.
    """
    leaves: list[tuple[str, str]] = []
    special: list[tuple[str, str]] = []
    for relation in DataSubject._meta.related_objects:
        model = relation.related_model
        table = model._meta.db_table
        column = str(relation.field.column)
        if relation.on_delete is CASCADE and not model._meta.related_objects:
            leaves.append((table, column))
        else:
            special.append((table, column))
    through_orm: set[int] = set()
    for table, column in special:
        quoted = connection.ops.quote_name(column)
        # SQL built from table and column names of our own models.
        found = _values(
            f"SELECT DISTINCT {quoted} FROM {connection.ops.quote_name(table)} "  # noqa: S608
            f"WHERE {quoted} {{ids}}",
            subject_ids,
        )
        through_orm.update(row[0] for row in found)
    plain = [sid for sid in subject_ids if sid not in through_orm]
    if plain:
        for table, column in leaves:
            _delete_rows(table, column, plain)
        _delete_rows(DataSubject._meta.db_table, "id", plain)
    if through_orm:
        DataSubject.objects.filter(id__in=sorted(through_orm)).delete()


def _subjects_keeping_records(subject_ids: list[int], erased: set[int]) -> set[int]:
    """Subjects with a record that this batch does not erase."""
    records = _tables()["records"]
    # SQL built from the table name of our own model; values are parameters.
    rows = _values(
        f"SELECT id, subject_id FROM {records} WHERE subject_id {{ids}}",  # noqa: S608
        subject_ids,
    )
    return {subject_id for record_id, subject_id in rows if record_id not in erased}


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
        subjects = _tables()["subjects"]
        # SQL built from the table name of our own model; values are parameters.
        keys = {
            sid: str(_key(key))
            for sid, key in _values(
                f"SELECT id, key FROM {subjects} WHERE id {{ids}}",  # noqa: S608
                subject_ids,
            )
        }
        emptied = set(subject_ids) - _subjects_keeping_records(subject_ids, wanted)
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
            _remove_subjects(sorted(emptied))
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
