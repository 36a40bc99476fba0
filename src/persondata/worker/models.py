from __future__ import annotations

from django.db import models


class ScheduledJob(models.Model):
    """When the worker's scheduler last enqueued a recurring job (``name``).

    ``last_run_on`` is the local date the job was last enqueued for, so a
    restarted worker, or a second worker, does not enqueue it twice that day.
    Changed only by ``worker/actions.py``.
    """

    name = models.CharField(max_length=80, unique=True)
    last_run_on = models.DateField(null=True, blank=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return f"scheduled job {self.name}"
