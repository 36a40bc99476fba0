from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy


class SweepRun(models.Model):
    """One run of the retention sweep, for the dashboard and the audit."""

    class Status(models.TextChoices):
        RUNNING = "running", gettext_lazy("running")
        FINISHED = "finished", gettext_lazy("finished")
        FAILED = "failed", gettext_lazy("failed")

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    actor = models.CharField(max_length=150)
    batches = models.PositiveIntegerField(default=0)
    records_deleted = models.PositiveBigIntegerField(default=0)
    records_anonymised = models.PositiveBigIntegerField(default=0)
    subjects_removed = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ("-started_at",)

    def __str__(self) -> str:
        return f"sweep {self.pk} as of {self.as_of}"


class AnonymisedRecord(models.Model):
    """What is left of a record erased by anonymisation (``erasure: anonymize``):
    the activity, the data category and the month it was collected, and no
    value and no link to a person, so it is no longer personal data."""

    activity = models.CharField(max_length=120, db_index=True)
    data_category = models.CharField(max_length=120)
    collected_month = models.DateField()
    anonymised_on = models.DateField()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"anonymised {self.data_category} ({self.activity})"
