from __future__ import annotations

from django.conf import settings
from django.db import models


class DeclarationVersion(models.Model):
    """One applied version of the declaration, kept for ever.

    The text is stored exactly as applied, so that every generated document
    (privacy policy, Art. 30 record) can be produced again for any version.
    """

    number = models.PositiveIntegerField(unique=True)
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    source_name = models.CharField(max_length=255, blank=True)
    applied_at = models.DateTimeField()
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ("-number",)

    def __str__(self) -> str:
        return f"declaration v{self.number}"
