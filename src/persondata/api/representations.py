"""Register rows as API responses, with sensitive values masked unless revealed.

Revealing goes through ``subjects/sensitive.py``, which writes a
``record.read_sensitive`` audit entry per value read, naming the API key
as the reader and the request's purpose.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest

from persondata.accounts.models import ApiKey
from persondata.api.schemas import (
    EventOut,
    HoldOut,
    LinkOut,
    RecordOut,
    RelationshipOut,
    RevealQuery,
    SubjectOut,
)
from persondata.subjects.models import DataSubject, Event, LegalHold, Record, Relationship
from persondata.subjects.sensitive import read_record_value, read_subject_cpr


class Reveal:
    """Whether and why a request reveals sensitive values, and who reads them."""

    def __init__(self, query: RevealQuery | None, *, key: ApiKey, request: HttpRequest) -> None:
        self.wanted = bool(query and query.reveal)
        given = query.purpose.strip() if query else ""
        self.purpose = given or f"API request {request.method} {request.path}"
        self.actor = key.actor_label


def subject_out(subject: DataSubject, *, held: bool, reveal: Reveal | None = None) -> SubjectOut:
    """The subject as the API shows it; ``held``: a legal hold is in force today."""
    cpr = None
    if reveal is not None and reveal.wanted:
        cpr = read_subject_cpr(subject, actor=reveal.actor, purpose=reveal.purpose)
    return SubjectOut(
        key=subject.key,
        display_name=subject.display_name,
        categories=list(subject.categories),
        email=subject.email,
        phone=subject.phone,
        customer_number=subject.customer_number,
        has_cpr=bool(subject.cpr_encrypted),
        cpr=cpr,
        language=subject.language,
        created_at=subject.created_at,
        updated_at=subject.updated_at,
        restricted=subject.restricted_at is not None,
        under_legal_hold=held,
    )


def record_out(
    record: Record, *, reasons: dict[int, str], reveal: Reveal | None = None
) -> RecordOut:
    """The record with its purpose links; an encrypted value only when revealed.

    ``reasons`` maps link ids to their due reason in words
    (``retention.engine.due_reasons``, computed once for the subject).
    """
    if not record.is_encrypted:
        value: str | None = record.value or ""
    elif reveal is not None and reveal.wanted:
        value = read_record_value(record, actor=reveal.actor, purpose=reveal.purpose)
    else:
        value = None
    return RecordOut(
        id=record.pk,
        data_category=record.data_category,
        encrypted=record.is_encrypted,
        value=value,
        source=record.source,
        collected_at=record.collected_at,
        updated_at=record.updated_at,
        last_confirmed_at=record.last_confirmed_at,
        links=[
            LinkOut(
                activity=link.activity,
                due_on=link.due_on,
                due_reason=reasons.get(link.pk, ""),
                restricted=link.restricted,
            )
            for link in sorted(record.links.all(), key=lambda link: link.activity)
        ],
    )


def event_out(event: Event) -> EventOut:
    return EventOut(
        id=event.pk,
        name=event.name,
        occurred_on=event.occurred_on,
        note=event.note,
        created_at=event.created_at,
    )


def relationship_out(relationship: Relationship) -> RelationshipOut:
    return RelationshipOut(
        id=relationship.pk,
        kind=relationship.kind,
        started=relationship.started,
        ended=relationship.ended,
        active=relationship.is_active,
        organisation_id=relationship.organisation_id,
    )


def hold_out(hold: LegalHold, *, today: date) -> HoldOut:
    return HoldOut(
        id=hold.pk,
        activity=hold.activity,
        reason=hold.reason,
        set_by=hold.set_by,
        starts_on=hold.starts_on,
        ends_on=hold.ends_on,
        lifted_at=hold.lifted_at,
        lifted_by=hold.lifted_by,
        created_at=hold.created_at,
        active=hold.is_active(today),
    )
