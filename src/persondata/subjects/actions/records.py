"""Records, their purpose links, reviews and events.

Every action follows the rules in the package docstring.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from persondata.audit.actions import write_audit_entry
from persondata.lib.crypto import decrypt
from persondata.policy.schema import Declaration
from persondata.retention import engine
from persondata.subjects import checks
from persondata.subjects.models import (
    DataSubject,
    Event,
    PurposeLink,
    Record,
)
from persondata.subjects.sensitive import (
    fingerprint,
    is_encrypted_category,
    key_ring,
    record_context,
    seal_record_value,
)


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
            PurposeLink(record=record, subject=subject, activity=a, created_at=now)
            for a in activity_keys
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
            record=record,
            activity=activity,
            defaults={"created_at": timezone.now(), "subject": subject},
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
    event, ...).

    Raises RegisterError for an unknown event name, one the register derives
    itself (relationships, employment, collection), a consent event (only
    the consent ledger records ``consent_given:<purpose>`` and
    ``consent_withdrawn:<purpose>``, see record_consent_event), a future
    date, or a card number in the note. The note stays out of the audit
    trail.
    """
    declaration = checks.require_declaration()
    checks.check_event_name(name, declaration)
    return _write_event(actor=actor, subject=subject, name=name, occurred_on=occurred_on, note=note)


def record_consent_event(
    *, actor: str, subject: DataSubject, purpose: str, given: bool, occurred_on: date
) -> Event:
    """Record ``consent_given:<purpose>`` (``given``) or
    ``consent_withdrawn:<purpose>`` for the consent ledger.

    Only ``give_consent`` and ``withdraw_consent`` (persondata.consent.actions)
    call this, in the transaction that appends the ledger entry, so every
    consent event retention reads has its proof in the ledger; record_event
    refuses these names. Raises RegisterError for a purpose the applied
    declaration does not have, or a future date.
    """
    declaration = checks.require_declaration()
    name = f"{'consent_given' if given else 'consent_withdrawn'}:{purpose}"
    checks.check_known_event(name, declaration)
    return _write_event(actor=actor, subject=subject, name=name, occurred_on=occurred_on, note="")


def _write_event(
    *, actor: str, subject: DataSubject, name: str, occurred_on: date, note: str
) -> Event:
    """Store a checked event name with its audit entry and recompute the subject."""
    today = timezone.localdate()
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
