"""Writing to the audit trail. Every other app's actions call this in their own transaction.

``write_audit_entry`` is the only writer of AuditEntry rows: it locks the
chain head, appends the next entry and moves the head, all in one
transaction, so that concurrent writers queue instead of forking the chain.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from persondata.audit.chain import GENESIS, Verification, entry_digest, normalize_details, pseudonym
from persondata.audit.models import HEAD_ID, AuditEntry, AuditHead, AuditVerification

# Column widths of AuditEntry; a longer value is refused rather than cut,
# since a cut value would hash differently on databases that enforce them.
_LIMITS = {"actor": 150, "action": 80, "object_type": 60, "object_id": 80}


class AuditTrailDamaged(RuntimeError):
    """The chain head is missing, or entries exist beyond it; nothing can be appended safely."""


def subject_pseudonym(subject_key: str) -> str:
    """The audit trail's pseudonym for a subject's stable key (never personal data)."""
    return pseudonym(settings.AUDIT_PSEUDONYM_KEY, subject_key)


def _check_fields(values: dict[str, str]) -> None:
    for name, value in values.items():
        if not isinstance(value, str):
            raise ValueError(f"audit entry {name} must be text, not {type(value).__name__}")
        if len(value) > _LIMITS[name]:
            raise ValueError(
                f"audit entry {name} is {len(value)} characters long; the most is "
                f"{_LIMITS[name]} ({value[:40]!r}...)"
            )
    for name in ("actor", "action"):
        if not values[name].strip():
            raise ValueError(f"audit entry {name} must not be empty")


def _locked_head() -> AuditHead:
    """The head row, locked until the surrounding transaction ends.

    Creates it when it is missing and the trail is empty (a fresh or flushed
    database). Two writers racing to create it are safe: the loser's insert
    fails on the primary key inside a savepoint, and it then waits for the
    winner's row like any other writer. Raises AuditTrailDamaged when the
    head is missing but entries exist: appending then would hide how the
    chain ended.
    """
    head = AuditHead.objects.select_for_update().filter(id=HEAD_ID).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditHead.objects.create(id=HEAD_ID, sequence=0, entry_hash=GENESIS)
        created = True
    except IntegrityError:
        created = False  # another writer created it first; wait for theirs below
    head = AuditHead.objects.select_for_update().get(id=HEAD_ID)
    # Only the writer that recreated the head asks whether entries exist: for
    # the others, entries committed by the creator meanwhile are legitimate.
    if created and AuditEntry.objects.exists():
        raise AuditTrailDamaged(
            "the audit chain head row is missing while audit entries exist; nothing was "
            "written. Run 'persondata audit verify' and restore the database from a backup."
        )
    return head


def write_audit_entry(
    *,
    action: str,
    actor: str,
    object_type: str = "",
    object_id: str = "",
    subject_key: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction if any.

    ``subject_key`` is a stable, non-personal key of the subject (its UUID);
    only its keyed pseudonym is stored. ``details`` must hold no personal data
    and only JSON values. Raises ValueError, before writing anything, for an
    empty actor or action, a value longer than its column, or details that
    are not JSON; AuditTrailDamaged when the chain head is missing or rows
    were added beyond it, since appending would fork or hide the damage.
    """
    _check_fields(
        {"actor": actor, "action": action, "object_type": object_type, "object_id": object_id}
    )
    clean_details = normalize_details(details)
    with transaction.atomic():
        head = _locked_head()
        entry = AuditEntry(
            sequence=head.sequence + 1,
            created_at=timezone.now(),
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            subject_ref=subject_pseudonym(subject_key) if subject_key else "",
            details=clean_details,
            previous_hash=head.entry_hash,
        )
        entry.entry_hash = entry_digest(
            sequence=entry.sequence,
            created_at=entry.created_at,
            actor=entry.actor,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            subject_ref=entry.subject_ref,
            details=entry.details,
            previous_hash=entry.previous_hash,
        )
        try:
            with transaction.atomic():
                entry.save(force_insert=True)
        except IntegrityError:
            raise AuditTrailDamaged(
                f"an audit entry #{entry.sequence} already exists beyond the chain head "
                f"(#{head.sequence}): rows were added without the head; nothing was written. "
                "Run 'persondata audit verify'."
            ) from None
        head.sequence = entry.sequence
        head.entry_hash = entry.entry_hash
        head.save(update_fields=["sequence", "entry_hash"])
    return entry


def record_verification(*, verification: Verification, actor: str) -> AuditVerification:
    """Store the result of a chain verification and append an ``audit.verify`` entry.

    The stored row lets the dashboard show when the trail was last verified
    and with what result. Raises AuditTrailDamaged (and stores nothing) when
    the chain head is missing, since the audit entry cannot be written then.
    """
    broken = verification.first_break
    with transaction.atomic():
        row = AuditVerification.objects.create(
            checked_at=timezone.now(),
            checked_by=actor[:150],
            ok=verification.ok,
            verified=verification.verified,
            head_sequence=verification.head_sequence,
            broken_at=broken.sequence if broken else None,
            reason=broken.reason if broken else "",
        )
        write_audit_entry(
            action="audit.verify",
            actor=actor,
            object_type="audit_verification",
            object_id=str(row.pk),
            details={
                "ok": verification.ok,
                "verified": verification.verified,
                "broken_at": row.broken_at,
            },
        )
    return row
