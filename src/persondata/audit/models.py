from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    """One link of the hash chain. Never updated or deleted by the application.

    ``subject_ref`` is a keyed pseudonym (HMAC) of the subject, never personal
    data, so that erasing a subject leaves nothing personal in the trail.
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

    class Meta:
        ordering = ("sequence",)
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"


class AuditHead(models.Model):
    """A single row holding the chain's last sequence and hash.

    Writers lock this row (SELECT ... FOR UPDATE) before appending, so two
    concurrent transactions can never both extend the same entry.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head #{self.sequence}"
