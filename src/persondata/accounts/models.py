"""Accounts: scoped API keys for the API's clients, and the staff capabilities.

Every change goes through ``accounts/actions/``; an API key's secret is never
stored, only its SHA-256 (``accounts/tokens.py`` explains why that hash).
Staff log in with Django's users; their roles are groups (``accounts/roles.py``).
"""

from __future__ import annotations

from django.db import models

from persondata.accounts.roles import CAPABILITIES


class ApiKey(models.Model):
    """A key an API client sends as ``Authorization: Bearer <token>``.

    ``scopes`` is a JSON list, a subset of read, write and erase. A revoked
    key (``revoked_at`` set) is kept for the audit trail and refused.
    ``created_by`` and ``revoked_by`` are actor labels, as in the audit
    trail. ``last_used_at`` is approximate: it is written at most once a
    minute per key.
    """

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, unique=True)
    secret_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=150)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ("id",)
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"API key {self.prefix} ({self.name})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def actor_label(self) -> str:
        """How the audit trail names this key when it is the actor."""
        return f"api key {self.prefix} ({self.name})"[:150]


class StaffCapability(models.Model):
    """Holds no rows and has no table: it only carries the staff web
    application's permissions (``accounts.view_register``, ...), one per
    capability in ``accounts/roles.py``. Roles are groups holding them."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = tuple(CAPABILITIES.items())

    def __str__(self) -> str:
        return "staff capability"
