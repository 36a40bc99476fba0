"""The register over HTTP: subjects, their records, events, relationships and
legal holds. Every change goes through ``subjects/actions.py`` (which
validates, audits and recomputes due dates) with the API key as actor."""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError

from persondata.api.auth import ERASE, READ, WRITE, request_key
from persondata.api.representations import (
    Reveal,
    event_out,
    hold_out,
    record_out,
    relationship_out,
    subject_out,
)
from persondata.api.schemas import (
    ErasureOut,
    ErasureQuery,
    Error,
    EventIn,
    EventOut,
    HoldIn,
    HoldOut,
    LinkIn,
    RecordIn,
    RecordOut,
    RecordRectify,
    RelationshipEnd,
    RelationshipIn,
    RelationshipOut,
    RevealQuery,
    SubjectIn,
    SubjectOut,
    SubjectPage,
    SubjectPatch,
    SubjectSearch,
)
from persondata.retention.engine import due_reasons
from persondata.subjects import actions
from persondata.subjects.models import DataSubject, LegalHold, Record, Relationship
from persondata.subjects.queries import active_legal_holds, relationships_of
from persondata.subjects.sensitive import cpr_digest
from persondata.subjects.validation import normalise_cpr, normalise_email, normalise_phone

router = Router(tags=["subjects"])

# Documented error answers (api/errors.py makes them).
READ_ERRORS: dict[int, type[Error]] = {401: Error, 403: Error, 404: Error, 422: Error}
WRITE_ERRORS: dict[int, type[Error]] = {400: Error, **READ_ERRORS}


# -- lookups -------------------------------------------------------------------


def _subjects() -> QuerySet[DataSubject]:
    held = LegalHold.objects.filter(subject=OuterRef("pk")).active_on(timezone.localdate())
    return DataSubject.objects.annotate(held=Exists(held)).order_by("id")


def _subject(key: uuid.UUID) -> DataSubject:
    subject = _subjects().filter(key=key).first()
    if subject is None:
        raise HttpError(404, f"path.key: no subject has the key {key}")
    return subject


def _held(subject: DataSubject) -> bool:
    held = getattr(subject, "held", None)
    if held is None:
        return active_legal_holds(subject, today=timezone.localdate()).exists()
    return bool(held)


def _record(subject: DataSubject, record_id: int) -> Record:
    record = (
        Record.objects.filter(subject=subject, pk=record_id)
        .select_related("subject")
        .prefetch_related("links")
        .first()
    )
    if record is None:
        raise HttpError(404, f"path.record_id: the subject has no record {record_id}")
    return record


def _fresh_record_out(record: Record) -> RecordOut:
    # Re-read after an action so that the links show the recomputed due dates.
    fresh = Record.objects.select_related("subject").prefetch_related("links").get(pk=record.pk)
    return record_out(fresh, reasons=due_reasons([fresh.subject_id]))


def _search(filters: SubjectSearch) -> QuerySet[DataSubject]:
    subjects = _subjects()
    if filters.email.strip():
        subjects = subjects.filter(email=normalise_email(filters.email, field="query.email"))
    if filters.phone.strip():
        subjects = subjects.filter(phone=normalise_phone(filters.phone, field="query.phone"))
    if filters.customer_number.strip():
        subjects = subjects.filter(customer_number=filters.customer_number.strip())
    if filters.cpr.strip():
        cpr = normalise_cpr(filters.cpr, today=timezone.localdate(), field="query.cpr")
        subjects = subjects.filter(cpr_digest=cpr_digest(cpr))
    return subjects


# -- subjects ------------------------------------------------------------------


@router.get("", response={200: SubjectPage, **READ_ERRORS}, auth=READ)
def list_subjects(request: HttpRequest, filters: Query[SubjectSearch]) -> SubjectPage:
    """Subjects, oldest first, optionally found by one or more identifiers (all
    must match exactly). With ``reveal=true`` each CPR number is read and audited."""
    reveal = Reveal(filters, key=request_key(request), request=request)
    subjects = _search(filters)
    page = subjects[filters.offset : filters.offset + filters.limit]
    return SubjectPage(
        count=subjects.count(),
        limit=filters.limit,
        offset=filters.offset,
        items=[subject_out(s, held=_held(s), reveal=reveal) for s in page],
    )


@router.post("", response={201: SubjectOut, **WRITE_ERRORS}, auth=WRITE)
def create_subject(request: HttpRequest, payload: SubjectIn) -> Status[SubjectOut]:
    """Register a data subject. The CPR number is stored encrypted and not returned."""
    subject = actions.create_subject(actor=request_key(request).actor_label, **payload.model_dump())
    return Status(201, subject_out(subject, held=False))


@router.get("/{key}", response={200: SubjectOut, **READ_ERRORS}, auth=READ)
def get_subject(request: HttpRequest, key: uuid.UUID, reveal: Query[RevealQuery]) -> SubjectOut:
    """One subject; its CPR number in clear only with ``reveal=true`` (audited)."""
    subject = _subject(key)
    shown = Reveal(reveal, key=request_key(request), request=request)
    return subject_out(subject, held=_held(subject), reveal=shown)


@router.patch("/{key}", response={200: SubjectOut, **WRITE_ERRORS}, auth=WRITE)
def update_subject(request: HttpRequest, key: uuid.UUID, payload: SubjectPatch) -> SubjectOut:
    """Change the fields given (null or absent: unchanged; "" clears an identifier)."""
    subject = _subject(key)
    actions.update_subject(
        actor=request_key(request).actor_label,
        subject=subject,
        **payload.model_dump(exclude_none=True),
    )
    subject = _subject(key)
    return subject_out(subject, held=_held(subject))


@router.delete("/{key}", response={200: ErasureOut, **WRITE_ERRORS}, auth=ERASE)
def erase_subject(request: HttpRequest, key: uuid.UUID, query: Query[ErasureQuery]) -> ErasureOut:
    """Erase the subject and everything held about them (Art. 17). Refused (422)
    while a legal hold is in force; the audit trail keeps only a pseudonym."""
    subject = _subject(key)
    counts = actions.erase_subject(
        actor=request_key(request).actor_label, subject=subject, reason=query.reason
    )
    return ErasureOut(key=key, erased=counts)


# -- records -------------------------------------------------------------------


@router.get("/{key}/records", response={200: list[RecordOut], **READ_ERRORS}, auth=READ)
def list_records(
    request: HttpRequest, key: uuid.UUID, reveal: Query[RevealQuery]
) -> list[RecordOut]:
    """The subject's records with their purpose links and due dates. Encrypted
    values are null unless ``reveal=true``; each one revealed is audited."""
    subject = _subject(key)
    shown = Reveal(reveal, key=request_key(request), request=request)
    records = (
        Record.objects.filter(subject=subject)
        .select_related("subject")
        .prefetch_related("links")
        .order_by("id")
    )
    reasons = due_reasons([subject.pk])
    return [record_out(record, reasons=reasons, reveal=shown) for record in records]


@router.post("/{key}/records", response={201: RecordOut, **WRITE_ERRORS}, auth=WRITE)
def add_record(request: HttpRequest, key: uuid.UUID, payload: RecordIn) -> Status[RecordOut]:
    """Store a value of one data category, held for the given activities."""
    subject = _subject(key)
    record = actions.add_record(
        actor=request_key(request).actor_label, subject=subject, **payload.model_dump()
    )
    return Status(201, _fresh_record_out(record))


@router.patch("/{key}/records/{record_id}", response={200: RecordOut, **WRITE_ERRORS}, auth=WRITE)
def rectify_record(
    request: HttpRequest, key: uuid.UUID, record_id: int, payload: RecordRectify
) -> RecordOut:
    """Rectify the value (Art. 16) and optionally the source; the old value
    survives only as a fingerprint in the audit trail."""
    record = _record(_subject(key), record_id)
    actions.update_record(
        actor=request_key(request).actor_label,
        record=record,
        value=payload.value,
        source=payload.source,
    )
    return _fresh_record_out(record)


@router.post(
    "/{key}/records/{record_id}/links", response={200: RecordOut, **WRITE_ERRORS}, auth=WRITE
)
def link_record(request: HttpRequest, key: uuid.UUID, record_id: int, payload: LinkIn) -> RecordOut:
    """Hold the record for one more activity (an existing link is left as is)."""
    record = _record(_subject(key), record_id)
    actions.link_record(
        actor=request_key(request).actor_label, record=record, activity=payload.activity
    )
    return _fresh_record_out(record)


@router.post(
    "/{key}/records/{record_id}/confirm", response={200: RecordOut, **WRITE_ERRORS}, auth=WRITE
)
def confirm_record(request: HttpRequest, key: uuid.UUID, record_id: int) -> RecordOut:
    """Mark the record as reviewed and still correct (the review queue)."""
    record = _record(_subject(key), record_id)
    actions.confirm_record(actor=request_key(request).actor_label, record=record)
    return _fresh_record_out(record)


# -- events --------------------------------------------------------------------


@router.get("/{key}/events", response={200: list[EventOut], **READ_ERRORS}, auth=READ)
def list_events(request: HttpRequest, key: uuid.UUID) -> list[EventOut]:
    """The subject's events, oldest first."""
    subject = _subject(key)
    return [event_out(e) for e in subject.events.order_by("occurred_on", "id")]


@router.post("/{key}/events", response={201: EventOut, **WRITE_ERRORS}, auth=WRITE)
def record_event(request: HttpRequest, key: uuid.UUID, payload: EventIn) -> Status[EventOut]:
    """Record a dated fact (last_contact, a declared event); 422 for an event
    the register derives, consent events included (the consent ledger's)."""
    event = actions.record_event(
        actor=request_key(request).actor_label, subject=_subject(key), **payload.model_dump()
    )
    return Status(201, event_out(event))


# -- relationships -------------------------------------------------------------


@router.get("/{key}/relationships", response={200: list[RelationshipOut], **READ_ERRORS}, auth=READ)
def list_relationships(request: HttpRequest, key: uuid.UUID) -> list[RelationshipOut]:
    """The subject's relationships, and those of organisations the subject
    represents (marked by ``organisation_id``)."""
    return [relationship_out(r) for r in relationships_of(_subject(key))]


@router.post("/{key}/relationships", response={201: RelationshipOut, **WRITE_ERRORS}, auth=WRITE)
def start_relationship(
    request: HttpRequest, key: uuid.UUID, payload: RelationshipIn
) -> Status[RelationshipOut]:
    """Start a relationship of ``kind``; the subject gains that category."""
    relationship = actions.start_relationship(
        actor=request_key(request).actor_label,
        subject=_subject(key),
        kind=payload.kind,
        started=payload.started,
    )
    return Status(201, relationship_out(relationship))


@router.post(
    "/{key}/relationships/{relationship_id}/end",
    response={200: RelationshipOut, **WRITE_ERRORS},
    auth=WRITE,
)
def end_relationship(
    request: HttpRequest, key: uuid.UUID, relationship_id: int, payload: RelationshipEnd
) -> RelationshipOut:
    """End one of the subject's own relationships on ``ended``."""
    subject = _subject(key)
    relationship = Relationship.objects.filter(subject=subject, pk=relationship_id).first()
    if relationship is None:
        raise HttpError(
            404,
            f"path.relationship_id: the subject has no relationship {relationship_id} of its own",
        )
    relationship = actions.end_relationship(
        actor=request_key(request).actor_label, relationship=relationship, ended=payload.ended
    )
    return relationship_out(relationship)


# -- legal holds ---------------------------------------------------------------


@router.get("/{key}/holds", response={200: list[HoldOut], **READ_ERRORS}, auth=READ)
def list_holds(request: HttpRequest, key: uuid.UUID) -> list[HoldOut]:
    """Every legal hold on the subject, lifted ones too; ``active``: in force today."""
    today = timezone.localdate()
    return [hold_out(h, today=today) for h in _subject(key).legal_holds.order_by("id")]


@router.post("/{key}/holds", response={201: HoldOut, **WRITE_ERRORS}, auth=WRITE)
def set_hold(request: HttpRequest, key: uuid.UUID, payload: HoldIn) -> Status[HoldOut]:
    """Stop erasure of the subject's data (every activity, or one), e.g. for
    legal claims (Art. 17(3)(e)). The API key is recorded as who set it."""
    hold = actions.set_legal_hold(
        actor=request_key(request).actor_label, subject=_subject(key), **payload.model_dump()
    )
    return Status(201, hold_out(hold, today=timezone.localdate()))


@router.post("/{key}/holds/{hold_id}/lift", response={200: HoldOut, **WRITE_ERRORS}, auth=WRITE)
def lift_hold(request: HttpRequest, key: uuid.UUID, hold_id: int) -> HoldOut:
    """Lift a hold now."""
    hold = LegalHold.objects.filter(subject=_subject(key), pk=hold_id).first()
    if hold is None:
        raise HttpError(404, f"path.hold_id: the subject has no legal hold {hold_id}")
    hold = actions.lift_legal_hold(actor=request_key(request).actor_label, hold=hold)
    return hold_out(hold, today=timezone.localdate())
