"""Changes to the register. Each action validates everything before writing,
runs in one transaction, writes its audit entry in that transaction, and
asks the retention engine to recompute the subject's due dates when the
change can move them.

Audit entries name the subject by ``subject_key`` (only its pseudonym is
stored) and hold no personal data: no names, identifiers, values, notes or
reasons; a changed value appears only as a keyed fingerprint.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from persondata.audit.actions import write_audit_entry
from persondata.lib.crypto import decrypt
from persondata.policy.schema import Declaration
from persondata.retention import engine
from persondata.subjects import checks
from persondata.subjects.checks import RegisterError
from persondata.subjects.models import (
    ContactLink,
    DataSubject,
    Event,
    LegalHold,
    Organisation,
    PurposeLink,
    Record,
    Relationship,
)
from persondata.subjects.queries import active_legal_holds, representatives_of
from persondata.subjects.sensitive import (
    cpr_digest,
    fingerprint,
    is_encrypted_category,
    key_ring,
    record_context,
    seal_cpr,
    seal_record_value,
)

__all__ = [
    "RegisterError",
    "add_contact_link",
    "add_record",
    "confirm_record",
    "create_organisation",
    "create_subject",
    "end_employment",
    "end_relationship",
    "erase_subject",
    "lift_legal_hold",
    "link_record",
    "record_event",
    "set_legal_hold",
    "start_relationship",
    "update_record",
    "update_subject",
]


def create_subject(
    *,
    actor: str,
    display_name: str,
    categories: Sequence[str],
    email: str = "",
    phone: str = "",
    customer_number: str = "",
    cpr: str = "",
    language: str = "da",
) -> DataSubject:
    """Register a data subject. Identifiers are optional ("" = not known) and
    stored in normal form; the CPR number only encrypted, with its digest.

    Raises RegisterError, writing nothing, when no declaration is applied,
    a category is not declared, an identifier is malformed or already
    belongs to another subject, or a text holds a card number.
    """
    declaration = checks.require_declaration()
    today = timezone.localdate()
    clean = checks.clean_subject_fields(
        declaration,
        today=today,
        display_name=display_name,
        categories=categories,
        email=email,
        phone=phone,
        customer_number=customer_number,
        cpr=cpr,
        language=language,
    )
    now = timezone.now()
    subject = DataSubject(created_at=now, updated_at=now)
    _assign_subject_fields(subject, clean)
    with transaction.atomic():
        checks.refuse_duplicate_identifiers(subject)
        subject.save(force_insert=True)
        write_audit_entry(
            action="subject.create",
            actor=actor,
            object_type="subject",
            object_id=str(subject.pk),
            subject_key=str(subject.key),
            details={
                "categories": subject.categories,
                "identifiers": sorted(k for k in checks.IDENTIFIERS if clean.get(k)),
            },
        )
    return subject


def update_subject(
    *,
    actor: str,
    subject: DataSubject,
    display_name: str | None = None,
    categories: Sequence[str] | None = None,
    email: str | None = None,
    phone: str | None = None,
    customer_number: str | None = None,
    cpr: str | None = None,
    language: str | None = None,
) -> DataSubject:
    """Change the given fields (None = leave as is; "" clears an identifier).

    Raises RegisterError as create_subject, writing nothing. The audit entry
    names the changed fields only. A change of categories moves due dates.
    """
    declaration = checks.require_declaration()
    given = {
        name: value
        for name, value in {
            "display_name": display_name,
            "categories": categories,
            "email": email,
            "phone": phone,
            "customer_number": customer_number,
            "cpr": cpr,
            "language": language,
        }.items()
        if value is not None
    }
    clean = checks.clean_subject_fields(
        declaration, today=timezone.localdate(), partial=True, **given
    )
    with transaction.atomic():
        subject = DataSubject.objects.select_for_update().get(pk=subject.pk)
        before = {name: _subject_field(subject, name) for name in clean}
        _assign_subject_fields(subject, clean)
        changed = sorted(n for n in clean if _subject_field(subject, n) != before[n])
        if not changed:
            return subject
        checks.refuse_duplicate_identifiers(subject)
        subject.updated_at = timezone.now()
        subject.save()
        write_audit_entry(
            action="subject.update",
            actor=actor,
            object_type="subject",
            object_id=str(subject.pk),
            subject_key=str(subject.key),
            details={"changed": changed},
        )
        if "categories" in changed:
            engine.recompute_subject(subject.pk)
    return subject


def create_organisation(
    *, actor: str, name: str, cvr: str = "", is_sole_trader: bool = False
) -> Organisation:
    """Register an organisation. A sole trader's CVR number is personal data
    and never enters the audit trail. Raises RegisterError for an empty name,
    a malformed CVR number, or one another organisation already has."""
    clean_name, clean_cvr = checks.clean_organisation(name=name, cvr=cvr)
    with transaction.atomic():
        if clean_cvr and Organisation.objects.filter(cvr=clean_cvr).exists():
            raise RegisterError(f"cvr: another organisation already has CVR number {clean_cvr}")
        organisation = Organisation.objects.create(
            name=clean_name, cvr=clean_cvr, is_sole_trader=is_sole_trader, created_at=timezone.now()
        )
        write_audit_entry(
            action="organisation.create",
            actor=actor,
            object_type="organisation",
            object_id=str(organisation.pk),
            details={"cvr": "" if is_sole_trader else clean_cvr, "sole_trader": is_sole_trader},
        )
    return organisation


def add_contact_link(
    *,
    actor: str,
    person: DataSubject,
    organisation: Organisation,
    role: str = "",
    started: date | None = None,
) -> ContactLink:
    """Record that ``person`` represents ``organisation`` from ``started``
    (default today). Raises RegisterError for a future start or a card
    number in the role."""
    today = timezone.localdate()
    started = started or today
    checks.refuse_future(started, today=today, field="started")
    clean_role = checks.clean_text(role, field="role")
    with transaction.atomic():
        link = ContactLink.objects.create(
            person=person, organisation=organisation, role=clean_role, started=started
        )
        write_audit_entry(
            action="contact.link",
            actor=actor,
            object_type="contact_link",
            object_id=str(link.pk),
            subject_key=str(person.key),
            details={"organisation": organisation.pk, "started": started.isoformat()},
        )
        engine.recompute_subject(person.pk)
    return link


def add_record(
    *,
    actor: str,
    subject: DataSubject,
    data_category: str,
    value: str,
    source: str,
    collected_at: datetime | None = None,
    activities: Iterable[str] = (),
) -> Record:
    """Store one value of one data category about the subject, linked to
    ``activities`` (see link_record) in the same transaction.

    The value is normalised (e-mail, phone, CPR), a card record is masked to
    its last four digits, and a sensitive category is encrypted. Raises
    RegisterError, writing nothing, for an unknown category, a bad value or
    source, a future or naive ``collected_at``, or a link the declaration
    does not allow.
    """
    declaration = checks.require_declaration()
    today = timezone.localdate()
    checks.check_data_category(data_category, declaration)
    clean_value = checks.clean_record_value(value, data_category=data_category, today=today)
    clean_source = checks.check_source(source, declaration)
    now = timezone.now()
    collected = checks.check_collected_at(collected_at, now=now)
    activity_keys = list(dict.fromkeys(activities))
    for activity in activity_keys:
        checks.check_link(
            declaration, subject=subject, data_category=data_category, activity=activity
        )
    record = Record(
        subject=subject,
        data_category=data_category,
        source=clean_source,
        collected_at=collected,
        updated_at=now,
    )
    _set_record_value(record, clean_value, declaration)
    with transaction.atomic():
        record.save(force_insert=True)
        PurposeLink.objects.bulk_create(
            PurposeLink(record=record, activity=a, created_at=now) for a in activity_keys
        )
        write_audit_entry(
            action="record.add",
            actor=actor,
            object_type="record",
            object_id=str(record.pk),
            subject_key=str(subject.key),
            details={
                "data_category": data_category,
                "encrypted": record.is_encrypted,
                "activities": activity_keys,
                "source": checks.source_kind(clean_source),
            },
        )
        engine.recompute_subject(subject.pk)
    return record


def update_record(*, actor: str, record: Record, value: str, source: str | None = None) -> Record:
    """Rectify a record's value (Art. 16) and optionally its source.

    The old value survives only as a keyed fingerprint in the audit trail.
    Raises RegisterError as add_record; CryptoError if the stored ciphertext
    cannot be decrypted (the fingerprint needs the old value).
    """
    declaration = checks.require_declaration()
    clean_value = checks.clean_record_value(
        value, data_category=record.data_category, today=timezone.localdate()
    )
    clean_source = checks.check_source(source, declaration) if source is not None else None
    with transaction.atomic():
        record = Record.objects.select_for_update().select_related("subject").get(pk=record.pk)
        old_value = _plain_value(record)
        _set_record_value(record, clean_value, declaration)
        if clean_source is not None:
            record.source = clean_source
        record.updated_at = timezone.now()
        record.save()
        write_audit_entry(
            action="record.update",
            actor=actor,
            object_type="record",
            object_id=str(record.pk),
            subject_key=str(record.subject.key),
            details={
                "data_category": record.data_category,
                "old_fingerprint": fingerprint(old_value),
                "new_fingerprint": fingerprint(clean_value),
                "source_changed": clean_source is not None,
            },
        )
        engine.recompute_subject(record.subject_id)
    return record


def link_record(*, actor: str, record: Record, activity: str) -> PurposeLink:
    """Hold ``record`` for ``activity`` too; an existing link is returned unchanged.

    Raises RegisterError unless the applied declaration has the activity,
    and the activity declares the record's data category (or a parent of
    it) and one of the subject's categories.
    """
    declaration = checks.require_declaration()
    subject = record.subject
    checks.check_link(
        declaration, subject=subject, data_category=record.data_category, activity=activity
    )
    with transaction.atomic():
        link, created = PurposeLink.objects.get_or_create(
            record=record, activity=activity, defaults={"created_at": timezone.now()}
        )
        if not created:
            return link
        write_audit_entry(
            action="record.link",
            actor=actor,
            object_type="record",
            object_id=str(record.pk),
            subject_key=str(subject.key),
            details={"activity": activity, "data_category": record.data_category},
        )
        engine.recompute_subject(subject.pk)
    return link


def confirm_record(*, actor: str, record: Record) -> Record:
    """Mark the record as reviewed and still correct now (the review queue of
    ``review_every``, SPEC section 3)."""
    with transaction.atomic():
        record.last_confirmed_at = timezone.now()
        record.save(update_fields=["last_confirmed_at"])
        write_audit_entry(
            action="record.confirm",
            actor=actor,
            object_type="record",
            object_id=str(record.pk),
            subject_key=str(record.subject.key),
            details={"data_category": record.data_category},
        )
        engine.recompute_subject(record.subject_id)
    return record


def record_event(
    *, actor: str, subject: DataSubject, name: str, occurred_on: date, note: str = ""
) -> Event:
    """Record a dated fact about the subject (``last_contact``, a declared
    event, ``consent_withdrawn:<purpose>``, ...).

    Raises RegisterError for an unknown event name, one the register derives
    itself (relationships, employment, collection), a future date, or a card
    number in the note. The note stays out of the audit trail.
    """
    declaration = checks.require_declaration()
    today = timezone.localdate()
    checks.check_event_name(name, declaration)
    checks.refuse_future(occurred_on, today=today, field="occurred_on")
    clean_note = checks.clean_text(note, field="note")
    with transaction.atomic():
        event = Event.objects.create(
            subject=subject,
            name=name,
            occurred_on=occurred_on,
            note=clean_note,
            created_at=timezone.now(),
        )
        write_audit_entry(
            action="event.record",
            actor=actor,
            object_type="event",
            object_id=str(event.pk),
            subject_key=str(subject.key),
            details={"name": name, "occurred_on": occurred_on.isoformat()},
        )
        engine.recompute_subject(subject.pk)
    return event


def start_relationship(
    *,
    actor: str,
    kind: str,
    started: date,
    subject: DataSubject | None = None,
    organisation: Organisation | None = None,
) -> Relationship:
    """Start a relationship of ``kind`` (a declared subject category) with a
    subject or an organisation (exactly one). A subject gains ``kind`` among
    its categories. Raises RegisterError for an undeclared kind, both or
    neither party, or a future start."""
    declaration = checks.require_declaration()
    checks.check_party(subject=subject, organisation=organisation)
    checks.check_subject_category(kind, declaration, field="kind")
    checks.refuse_future(started, today=timezone.localdate(), field="started")
    with transaction.atomic():
        relationship = Relationship.objects.create(
            subject=subject, organisation=organisation, kind=kind, started=started
        )
        if subject is not None and kind not in subject.categories:
            subject.categories = [*subject.categories, kind]
            subject.updated_at = timezone.now()
            subject.save(update_fields=["categories", "updated_at"])
        _audit_relationship("relationship.start", relationship, actor=actor)
        _recompute_party(relationship)
    return relationship


def end_relationship(*, actor: str, relationship: Relationship, ended: date) -> Relationship:
    """End an active relationship on ``ended``. Raises RegisterError if it has
    already ended, or if ``ended`` is before its start or in the future."""
    checks.refuse_future(ended, today=timezone.localdate(), field="ended")
    with transaction.atomic():
        relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
        if relationship.ended is not None:
            raise RegisterError(
                f"relationship {relationship.pk} already ended on {relationship.ended.isoformat()}"
            )
        if ended < relationship.started:
            raise RegisterError(
                f"ended: {ended.isoformat()} is before the relationship started "
                f"({relationship.started.isoformat()})"
            )
        relationship.ended = ended
        relationship.save(update_fields=["ended"])
        _audit_relationship("relationship.end", relationship, actor=actor)
        _recompute_party(relationship)
    return relationship


def end_employment(*, actor: str, link: ContactLink, ended: date) -> ContactLink:
    """Record that a contact person left the organisation on ``ended``: sets
    ``employment_ended`` and records the ``employment_ended`` event (which
    may trigger erasure, SPEC section 3). Raises RegisterError if it already
    ended, or if ``ended`` is before the link started or in the future."""
    checks.refuse_future(ended, today=timezone.localdate(), field="ended")
    with transaction.atomic():
        link = ContactLink.objects.select_for_update().select_related("person").get(pk=link.pk)
        if link.employment_ended is not None:
            raise RegisterError(
                f"contact link {link.pk}: the employment already ended on "
                f"{link.employment_ended.isoformat()}"
            )
        if ended < link.started:
            raise RegisterError(
                f"ended: {ended.isoformat()} is before the contact link started "
                f"({link.started.isoformat()})"
            )
        link.employment_ended = ended
        link.save(update_fields=["employment_ended"])
        Event.objects.create(
            subject=link.person,
            name="employment_ended",
            occurred_on=ended,
            note="",
            created_at=timezone.now(),
        )
        write_audit_entry(
            action="contact.end_employment",
            actor=actor,
            object_type="contact_link",
            object_id=str(link.pk),
            subject_key=str(link.person.key),
            details={"organisation": link.organisation_id, "ended": ended.isoformat()},
        )
        engine.recompute_subject(link.person_id)
    return link


def set_legal_hold(
    *,
    actor: str,
    subject: DataSubject,
    reason: str,
    activity: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> LegalHold:
    """Stop erasure of the subject's data, for every activity (None) or one,
    from ``starts_on`` (default today) through ``ends_on`` (None: until
    lifted), e.g. for legal claims (Art. 17(3)(e)). ``actor`` is recorded as
    who set it. Raises RegisterError for an empty reason, an unknown
    activity, or an end before the start. The reason stays out of the audit."""
    declaration = checks.require_declaration()
    clean_reason = checks.clean_text(reason, field="reason", required=True)
    if activity is not None:
        checks.check_activity(activity, declaration)
    starts = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < starts:
        raise RegisterError(
            f"ends_on: {ends_on.isoformat()} is before the hold starts ({starts.isoformat()})"
        )
    with transaction.atomic():
        hold = LegalHold.objects.create(
            subject=subject,
            activity=activity,
            reason=clean_reason,
            set_by=actor,
            starts_on=starts,
            ends_on=ends_on,
            created_at=timezone.now(),
        )
        write_audit_entry(
            action="legal_hold.set",
            actor=actor,
            object_type="legal_hold",
            object_id=str(hold.pk),
            subject_key=str(subject.key),
            details={
                "activity": activity,
                "starts_on": starts.isoformat(),
                "ends_on": ends_on.isoformat() if ends_on else None,
            },
        )
        engine.recompute_subject(subject.pk)
    return hold


def lift_legal_hold(*, actor: str, hold: LegalHold) -> LegalHold:
    """Lift a hold now. Raises RegisterError if it was already lifted."""
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().select_related("subject").get(pk=hold.pk)
        if hold.lifted_at is not None:
            raise RegisterError(
                f"legal hold {hold.pk} was already lifted on {hold.lifted_at.date().isoformat()} "
                f"by {hold.lifted_by}"
            )
        hold.lifted_at = timezone.now()
        hold.lifted_by = actor
        hold.save(update_fields=["lifted_at", "lifted_by"])
        write_audit_entry(
            action="legal_hold.lift",
            actor=actor,
            object_type="legal_hold",
            object_id=str(hold.pk),
            subject_key=str(hold.subject.key),
            details={"activity": hold.activity},
        )
        engine.recompute_subject(hold.subject_id)
    return hold


def erase_subject(*, actor: str, subject: DataSubject, reason: str = "") -> dict[str, int]:
    """Delete the subject and everything held about it (Art. 17), leaving only
    the pseudonymous audit trail. Returns how many rows of each kind went.

    ``reason`` is a short non-personal label for the audit trail (e.g. a
    request number). Raises RegisterError, deleting nothing, while a legal
    hold on the subject is in force: lift it first.
    """
    today = timezone.localdate()
    clean_reason = checks.clean_text(reason, field="reason")
    with transaction.atomic():
        subject = DataSubject.objects.select_for_update().get(pk=subject.pk)
        holds = list(active_legal_holds(subject, today=today))
        if holds:
            ids = ", ".join(str(h.pk) for h in holds)
            raise RegisterError(
                f"subject {subject.key} is under legal hold ({ids}); nothing was erased. "
                "Lift the hold first if the reason for it has passed."
            )
        counts = {
            "records": Record.objects.filter(subject=subject).count(),
            "purpose_links": PurposeLink.objects.filter(record__subject=subject).count(),
            "events": Event.objects.filter(subject=subject).count(),
            "relationships": Relationship.objects.filter(subject=subject).count(),
            "contact_links": ContactLink.objects.filter(person=subject).count(),
            "legal_holds": LegalHold.objects.filter(subject=subject).count(),
        }
        # Audit before erase: the entry and the deletion commit together.
        write_audit_entry(
            action="subject.erase",
            actor=actor,
            object_type="subject",
            object_id=str(subject.pk),
            subject_key=str(subject.key),
            details={"counts": counts, "reason": clean_reason},
        )
        subject.delete()
    return counts


# -- helpers -------------------------------------------------------------------


def _assign_subject_fields(subject: DataSubject, clean: dict[str, object]) -> None:
    for name, value in clean.items():
        if name == "cpr":
            cpr = str(value)
            subject.cpr_encrypted = seal_cpr(subject_key=str(subject.key), cpr=cpr) if cpr else ""
            subject.cpr_digest = cpr_digest(cpr) if cpr else ""
        else:
            setattr(subject, name, value)


def _subject_field(subject: DataSubject, name: str) -> object:
    # The CPR number is compared by its digest: the ciphertext differs every time.
    return subject.cpr_digest if name == "cpr" else getattr(subject, name)


def _set_record_value(record: Record, value: str, declaration: Declaration) -> None:
    if is_encrypted_category(record.data_category, declaration):
        record.value = None
        record.value_encrypted = seal_record_value(
            subject_key=str(record.subject.key), data_category=record.data_category, value=value
        )
    else:
        record.value = value
        record.value_encrypted = None


def _plain_value(record: Record) -> str:
    if record.value_encrypted is None:
        return record.value or ""
    return decrypt(
        record.value_encrypted,
        associated=record_context(str(record.subject.key), record.data_category),
        ring=key_ring(),
    )


def _audit_relationship(action: str, relationship: Relationship, *, actor: str) -> None:
    details: dict[str, object] = {
        "kind": relationship.kind,
        "started": relationship.started.isoformat(),
        "ended": relationship.ended.isoformat() if relationship.ended else None,
    }
    if relationship.organisation_id is not None:
        details["organisation"] = relationship.organisation_id
    write_audit_entry(
        action=action,
        actor=actor,
        object_type="relationship",
        object_id=str(relationship.pk),
        subject_key=str(relationship.subject.key) if relationship.subject else None,
        details=details,
    )


def _recompute_party(relationship: Relationship) -> None:
    if relationship.subject_id is not None:
        engine.recompute_subject(relationship.subject_id)
        return
    for person_id in representatives_of(relationship.organisation_id or 0).values_list(
        "pk", flat=True
    ):
        engine.recompute_subject(person_id)
