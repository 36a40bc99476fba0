"""Exporting the register as JSONL for backups (``persondata subjects export``).

One data subject per line, with its records and their purpose links (a
link's ``due_reason`` computed for the export, as it is not stored),
events, relationships (its own, and those of each organisation it
represents, under that contact link) and legal holds. Organisations appear
inside the contact links of the people who represent them.

Sensitive values (CPR numbers, encrypted records) are left out, marked
``"withheld": true``, unless ``include_sensitive``; then they are decrypted
and written in clear. Every export writes one ``subjects.export`` audit
entry before the first line is written (so a failed export of sensitive
values is on record too); with sensitive values it stands for every
reading of them, instead of one ``record.read_sensitive`` entry per value.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.db.models import Prefetch

from persondata.audit.actions import write_audit_entry
from persondata.lib.crypto import decrypt
from persondata.policy.queries import current_declaration
from persondata.retention.engine import due_reasons
from persondata.subjects.models import (
    ContactLink,
    DataSubject,
    PurposeLink,
    Record,
    Relationship,
)
from persondata.subjects.sensitive import cpr_context, key_ring, record_context

CHUNK = 500
FORMAT = "persondata.subjects/1"
Progress = Callable[[int, int], None]


@dataclass
class ExportReport:
    subjects: int = 0
    records: int = 0
    sensitive_values: int = 0


def export_subjects(
    *,
    out: IO[str],
    actor: str,
    include_sensitive: bool = False,
    purpose: str = "backup",
    progress: Progress | None = None,
) -> ExportReport:
    """Write every subject to ``out`` as one JSON object per line.

    Raises ValueError when ``include_sensitive`` is given without a purpose,
    and persondata.lib.crypto.CryptoError when a sensitive value cannot be
    decrypted (the lines before it are written).
    """
    if include_sensitive and not purpose.strip():
        raise ValueError("exporting sensitive values needs a purpose")
    total = DataSubject.objects.count()
    write_audit_entry(
        action="subjects.export",
        actor=actor,
        object_type="export",
        details={
            "format": FORMAT,
            "subjects": total,
            "include_sensitive": include_sensitive,
            "purpose": purpose,
        },
    )
    report = ExportReport()
    declaration = current_declaration()
    last_pk = 0
    while True:
        chunk = list(
            DataSubject.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .prefetch_related(
                Prefetch(
                    "records",
                    queryset=Record.objects.order_by("pk").prefetch_related(
                        Prefetch("links", queryset=PurposeLink.objects.order_by("pk"))
                    ),
                ),
                "events",
                "relationships",
                Prefetch(
                    "contact_links",
                    queryset=ContactLink.objects.select_related("organisation").order_by("pk"),
                ),
                "legal_holds",
            )[:CHUNK]
        )
        if not chunk:
            break
        organisation_relationships = _organisation_relationships(chunk)
        # Links' reasons in words are not stored: computed for the whole chunk.
        reasons = due_reasons([s.pk for s in chunk], declaration=declaration)
        for subject in chunk:
            line = _subject_line(
                subject,
                organisation_relationships,
                reasons,
                include_sensitive=include_sensitive,
                report=report,
            )
            out.write(json.dumps(line, ensure_ascii=False, default=_json_default) + "\n")
            report.subjects += 1
        last_pk = chunk[-1].pk
        if progress:
            progress(report.subjects, total)
    return report


def _organisation_relationships(chunk: list[DataSubject]) -> dict[int, list[Relationship]]:
    organisation_ids = {link.organisation_id for s in chunk for link in s.contact_links.all()}
    result: dict[int, list[Relationship]] = defaultdict(list)
    for relationship in Relationship.objects.filter(organisation_id__in=organisation_ids).order_by(
        "pk"
    ):
        if relationship.organisation_id is not None:
            result[relationship.organisation_id].append(relationship)
    return result


def _subject_line(
    subject: DataSubject,
    organisation_relationships: dict[int, list[Relationship]],
    reasons: dict[int, str],
    *,
    include_sensitive: bool,
    report: ExportReport,
) -> dict[str, Any]:
    key = str(subject.key)
    line: dict[str, Any] = {
        "key": key,
        "display_name": subject.display_name,
        "categories": subject.categories,
        "email": subject.email,
        "phone": subject.phone,
        "customer_number": subject.customer_number,
        "language": subject.language,
        "created_at": subject.created_at,
        "updated_at": subject.updated_at,
        "restricted_at": subject.restricted_at,
    }
    if subject.cpr_encrypted:
        if include_sensitive:
            line["cpr"] = decrypt(
                subject.cpr_encrypted, associated=cpr_context(key), ring=key_ring()
            )
            report.sensitive_values += 1
        else:
            line["cpr"] = None
            line["cpr_withheld"] = True
    else:
        line["cpr"] = ""
    line["records"] = [
        _record(record, key, reasons, include_sensitive=include_sensitive, report=report)
        for record in subject.records.all()
    ]
    line["events"] = [
        {"name": e.name, "occurred_on": e.occurred_on, "note": e.note, "created_at": e.created_at}
        for e in subject.events.all()
    ]
    line["relationships"] = [_relationship(r) for r in subject.relationships.all()]
    line["contact_links"] = [
        {
            "organisation": {
                "id": link.organisation.pk,
                "name": link.organisation.name,
                "cvr": link.organisation.cvr,
                "is_sole_trader": link.organisation.is_sole_trader,
            },
            "role": link.role,
            "started": link.started,
            "employment_ended": link.employment_ended,
            "relationships": [
                _relationship(r) for r in organisation_relationships.get(link.organisation_id, [])
            ],
        }
        for link in subject.contact_links.all()
    ]
    line["legal_holds"] = [
        {
            "activity": hold.activity,
            "reason": hold.reason,
            "set_by": hold.set_by,
            "starts_on": hold.starts_on,
            "ends_on": hold.ends_on,
            "lifted_at": hold.lifted_at,
            "lifted_by": hold.lifted_by,
        }
        for hold in subject.legal_holds.all()
    ]
    return line


def _record(
    record: Record,
    subject_key: str,
    reasons: dict[int, str],
    *,
    include_sensitive: bool,
    report: ExportReport,
) -> dict[str, Any]:
    report.records += 1
    value: str | None = record.value
    withheld = False
    if record.value_encrypted is not None:
        if include_sensitive:
            value = decrypt(
                record.value_encrypted,
                associated=record_context(subject_key, record.data_category),
                ring=key_ring(),
            )
            report.sensitive_values += 1
        else:
            withheld = True
    return {
        "id": record.pk,
        "data_category": record.data_category,
        "value": value,
        "withheld": withheld,
        "source": record.source,
        "collected_at": record.collected_at,
        "updated_at": record.updated_at,
        "last_confirmed_at": record.last_confirmed_at,
        "links": [
            {
                "activity": link.activity,
                "due_on": link.due_on,
                "due_rule": link.due_rule,
                "due_reason": reasons.get(link.pk, ""),
                "restricted": link.restricted,
                "created_at": link.created_at,
            }
            for link in record.links.all()
        ],
    }


def _relationship(relationship: Relationship) -> dict[str, Any]:
    return {"kind": relationship.kind, "started": relationship.started, "ended": relationship.ended}


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
