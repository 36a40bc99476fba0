from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, NoReturn

from django.db import models

# The primary key of the single AuditHead row.
HEAD_ID = 1


class AuditTrailIsAppendOnly(RuntimeError):
    """Raised when code tries to change or remove audit entries through the ORM."""


def _refuse(what: str) -> NoReturn:
    raise AuditTrailIsAppendOnly(
        f"audit entries are append-only: {what} is refused; record a correction as a new "
        "entry with persondata.audit.actions.write_audit_entry"
    )


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Reads as usual; every bulk change is refused (SPEC 6: the trail is append-only).

    Appending goes through ``write_audit_entry`` alone, which also moves the
    chain head; a bulk insert would bypass the head and is refused too.
    """

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse(f"updating audit entries ({', '.join(sorted(kwargs)) or 'no fields'})")

    def delete(self) -> NoReturn:
        _refuse("deleting audit entries")

    def bulk_update(
        self, objs: Iterable[AuditEntry], fields: Iterable[str], batch_size: int | None = None
    ) -> NoReturn:
        _refuse("updating audit entries in bulk")

    def bulk_create(
        self,
        objs: Iterable[AuditEntry],
        batch_size: int | None = None,
        ignore_conflicts: bool = False,
        update_conflicts: bool = False,
        update_fields: Collection[str] | None = None,
        unique_fields: Collection[str] | None = None,
    ) -> NoReturn:
        _refuse("inserting audit entries in bulk (bypassing the chain head)")


class AuditEntry(models.Model):
    """One link of the hash chain. Never updated or deleted by the application.

    ``subject_ref`` is a keyed pseudonym (HMAC) of the subject, never personal
    data, so that erasing a subject leaves nothing personal in the trail.
    ``save()`` on a stored entry and ``delete()`` raise AuditTrailIsAppendOnly,
    as do the queryset's ``update()`` and ``delete()``; only raw SQL can
    change a row, and ``persondata audit verify`` detects that.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    subject_ref = models.CharField(max_length=64, blank=True, db_index=True)
    details = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ("sequence",)
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse(f"changing stored audit entry #{self.sequence}")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(f"deleting audit entry #{self.sequence}")


class AuditHead(models.Model):
    """A single row (id 1) holding the chain's last sequence and hash.

    Writers lock this row (SELECT ... FOR UPDATE) before appending, so two
    concurrent transactions can never both extend the same entry. Migration
    0002 creates it; ``write_audit_entry`` recreates it only while the trail
    is empty (for example after a test database was flushed).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID)
    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head #{self.sequence}"


class AuditVerification(models.Model):
    """The result of one run of ``persondata audit verify``, for the dashboard.

    ``broken_at`` is the sequence number of the first broken entry, None when
    the chain was intact.
    """

    checked_at = models.DateTimeField(db_index=True)
    checked_by = models.CharField(max_length=150)
    ok = models.BooleanField()
    verified = models.PositiveBigIntegerField(help_text="entries verified before any break")
    head_sequence = models.PositiveBigIntegerField(null=True, blank=True)
    broken_at = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ("-checked_at", "-id")
        get_latest_by = "checked_at"

    def __str__(self) -> str:
        state = "intact" if self.ok else f"broken at #{self.broken_at}"
        return f"audit verification {self.checked_at:%Y-%m-%d %H:%M}: {state}"
