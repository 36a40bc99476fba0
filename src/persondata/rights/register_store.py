"""The register (``persondata.subjects``) as the first datastore of rights requests.

Access reads the subject's rows with four plain indexed queries (records
joined to their purpose links, events, relationships, contact links), not
through model instances: an access report must stay within a few times the
cost of those raw queries (bench/access.py). Decrypting sensitive values is
audited in one ``record.read_sensitive`` entry per report. Erasure follows
the plan of ``datastores.plan_erasure`` inside the request's transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from persondata.audit.actions import write_audit_entry
from persondata.lib.crypto import decrypt
from persondata.retention import engine
from persondata.rights.datastores import REGISTER, ErasurePlan, ErasureResult, FoundItem
from persondata.subjects.actions import erase_subject
from persondata.subjects.models import (
    ContactLink,
    DataSubject,
    Event,
    Organisation,
    PurposeLink,
    Record,
    Relationship,
)
from persondata.subjects.sensitive import cpr_context, key_ring, record_context


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _day(value: date | str | None) -> date | None:
    # SQLite may hand back text where PostgreSQL gives a date.
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _local_day(value: datetime | str) -> date:
    # PostgreSQL gives aware datetimes, SQLite naive UTC (or text).
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return timezone.localdate(value)


class RegisterDatastore:
    """persondata's own register: the first datastore."""

    name = REGISTER

    def access(self, subject: DataSubject, *, actor: str, purpose: str) -> list[FoundItem]:
        """The subject's identifiers, records (sensitive ones decrypted), events,
        relationships and contact links. Decrypted values are audited in one
        ``record.read_sensitive`` entry naming the records and ``purpose``.
        Raises CryptoError when a stored value cannot be decrypted."""
        items = self._identifiers(subject)
        decrypted = self._records(subject, items)
        cpr_read = bool(subject.cpr_encrypted)
        if decrypted or cpr_read:
            write_audit_entry(
                action="record.read_sensitive",
                actor=actor,
                object_type="subject",
                object_id=str(subject.pk),
                subject_key=str(subject.key),
                details={"records": decrypted, "cpr": cpr_read, "purpose": purpose},
            )
        items.extend(self._facts(subject))
        return items

    def _identifiers(self, subject: DataSubject) -> list[FoundItem]:
        found = [FoundItem(self.name, "identifier", "display_name", subject.display_name)]
        for name in ("email", "phone", "customer_number"):
            value = getattr(subject, name)
            if value:
                found.append(FoundItem(self.name, "identifier", name, value))
        if subject.cpr_encrypted:
            cpr = decrypt(
                subject.cpr_encrypted, associated=cpr_context(str(subject.key)), ring=key_ring()
            )
            found.append(FoundItem(self.name, "identifier", "cpr", cpr))
        return found

    def _records(self, subject: DataSubject, items: list[FoundItem]) -> list[int]:
        """Append the subject's records to ``items``; the ids of those decrypted."""
        sql = (
            f"SELECT r.id, r.data_category, r.value, r.value_encrypted, r.source, "  # noqa: S608  # table names from the models, values as parameters
            f"r.collected_at, l.activity, l.due_on FROM {_table(Record)} r "
            f"LEFT JOIN {_table(PurposeLink)} l ON l.record_id = r.id "
            "WHERE r.subject_id = %s ORDER BY r.id, l.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [subject.pk])
            rows = cursor.fetchall()
        key = str(subject.key)
        decrypted: list[int] = []
        current: list[Any] | None = None
        held: list[tuple[str, date | None]] = []

        def flush() -> None:
            if current is None:
                return
            record_id, category, value, sealed, source, collected = current
            if sealed is not None:
                value = decrypt(sealed, associated=record_context(key, category), ring=key_ring())
                decrypted.append(record_id)
            items.append(
                FoundItem(
                    datastore=self.name,
                    kind="record",
                    category=category,
                    value=value or "",
                    source=source,
                    collected_on=_local_day(collected),
                    held_for=tuple(held),
                    reference=f"record {record_id}",
                )
            )

        for row in rows:
            if current is None or row[0] != current[0]:
                flush()
                current, held = list(row[:6]), []
            if row[6] is not None:
                held.append((row[6], _day(row[7])))
        flush()
        return decrypted

    def _facts(self, subject: DataSubject) -> list[FoundItem]:
        found: list[FoundItem] = []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, name, occurred_on, note FROM {_table(Event)} "  # noqa: S608  # table names from the models, values as parameters
                "WHERE subject_id = %s ORDER BY occurred_on, id",
                [subject.pk],
            )
            for event_id, name, occurred, note in cursor.fetchall():
                found.append(
                    FoundItem(
                        self.name,
                        "event",
                        name,
                        note,
                        collected_on=_day(occurred),
                        reference=f"event {event_id}",
                    )
                )
            cursor.execute(
                f"SELECT c.id, c.role, c.started, o.name, o.id FROM {_table(ContactLink)} c "  # noqa: S608  # table names from the models, values as parameters
                f"JOIN {_table(Organisation)} o ON o.id = c.organisation_id "
                "WHERE c.person_id = %s ORDER BY c.id",
                [subject.pk],
            )
            contacts = cursor.fetchall()
            relations = self._relationships(cursor, subject, [row[4] for row in contacts])
        for relation_id, kind, started, ended in relations:
            end = _day(ended)
            found.append(
                FoundItem(
                    self.name,
                    "relationship",
                    kind,
                    end.isoformat() if end else "",
                    collected_on=_day(started),
                    reference=f"relationship {relation_id}",
                )
            )
        for contact_id, role, started, organisation, _organisation_id in contacts:
            found.append(
                FoundItem(
                    self.name,
                    "contact",
                    "organisation",
                    f"{organisation}, {role}" if role else organisation,
                    collected_on=_day(started),
                    reference=f"contact link {contact_id}",
                )
            )
        return found

    def _relationships(
        self, cursor: Any, subject: DataSubject, organisations: list[int]
    ) -> list[tuple[Any, ...]]:
        """The subject's own relationships and those of the organisations it
        represents (a contact person shares them, SPEC 3), by start date.

        Two queries instead of one with OR: most subjects represent no
        organisation, and an OR over both columns makes SQLite scan the table.
        """
        table = _table(Relationship)
        cursor.execute(
            f"SELECT id, kind, started, ended FROM {table} WHERE subject_id = %s",  # noqa: S608  # table names from the models, values as parameters
            [subject.pk],
        )
        rows = list(cursor.fetchall())
        if organisations:
            marks = ", ".join(["%s"] * len(organisations))
            cursor.execute(
                f"SELECT id, kind, started, ended FROM {table} "  # noqa: S608  # table names from the models, values as parameters
                f"WHERE organisation_id IN ({marks})",
                organisations,
            )
            rows.extend(cursor.fetchall())
        return sorted(rows, key=lambda row: (_day(row[2]) or date.min, row[0]))

    def erase(
        self, subject: DataSubject, plan: ErasurePlan, *, actor: str, reason: str
    ) -> ErasureResult:
        """Carry out ``plan`` in the register, in the caller's transaction.

        Kept links become ``restricted``; removed links and records without
        links are deleted; when nothing is kept the subject is erased with
        everything about it (``subjects.actions.erase_subject``). One audit
        entry (``rights.erase``) names the records, never their values.
        """
        result = ErasureResult(datastore=self.name, kept=len(plan.kept))
        if plan.erase_subject:
            counts = erase_subject(actor=actor, subject=subject, reason=reason)
            result.erased = counts["records"]
            return result
        write_audit_entry(
            action="rights.erase",
            actor=actor,
            object_type="subject",
            object_id=str(subject.pk),
            subject_key=str(subject.key),
            details={
                "reason": reason,
                "records_erased": list(plan.records_to_erase),
                "links_removed": len(plan.links_to_remove),
                "links_kept": sorted(k.link_id for k in plan.kept),
                "scope": sorted(plan.scope) if plan.scope is not None else None,
            },
        )
        PurposeLink.objects.filter(id__in=[k.link_id for k in plan.kept]).update(restricted=True)
        PurposeLink.objects.filter(id__in=plan.links_to_remove).delete()
        Record.objects.filter(subject=subject, id__in=plan.records_to_erase).delete()
        engine.recompute_subject(subject.pk)
        result.erased = len(plan.records_to_erase)
        return result
