"""Writing to the audit trail. Every other app's actions call this in their own transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from persondata.audit.chain import GENESIS, entry_digest, pseudonym
from persondata.audit.models import AuditEntry, AuditHead


def subject_pseudonym(subject_key: str) -> str:
    """The audit trail's pseudonym for a subject's stable key (never personal data)."""
    return pseudonym(settings.AUDIT_PSEUDONYM_KEY, subject_key)


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
    only its keyed pseudonym is stored. ``details`` must hold no personal data.
    """
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            id=1, defaults={"sequence": 0, "entry_hash": GENESIS}
        )
        # get_or_create on a fresh table does not lock the new row on every
        # database; lock it explicitly before reading the chain's end.
        head = AuditHead.objects.select_for_update().get(id=1)
        entry = AuditEntry(
            sequence=head.sequence + 1,
            created_at=timezone.now(),
            actor=actor[:150],
            action=action,
            object_type=object_type,
            object_id=object_id,
            subject_ref=subject_pseudonym(subject_key) if subject_key else "",
            details=details or {},
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
        entry.save(force_insert=True)
        head.sequence = entry.sequence
        head.entry_hash = entry.entry_hash
        head.save(update_fields=["sequence", "entry_hash"])
    return entry
