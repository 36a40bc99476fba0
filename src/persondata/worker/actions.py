"""The worker's scheduler: enqueue the daily jobs that are due, once per day.

Each job's last date lives in a ``ScheduledJob`` row. Checking and
enqueuing happen in one transaction with that row locked, and the task row
(the django-tasks-db queue) is written in the same transaction, so two
workers checking at the same moment enqueue the job once, and a crash
leaves either both the task and the new date or neither.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from persondata.audit.actions import write_audit_entry
from persondata.retention.tasks import run_sweep_task
from persondata.worker.models import ScheduledJob
from persondata.worker.schedule import daily_job_due

SWEEP_JOB = "retention-sweep"
RIGHTS_JOB = "rights-daily"
# Reminders about request deadlines go out in the morning of each local day.
RIGHTS_AT = time(7, 0)
SCHEDULER_ACTOR = "worker: scheduler"


def _schedule_daily(
    *, name: str, now: datetime, at: time, enqueue: Callable[[str], Any], task_path: str
) -> list[str]:
    """Enqueue job ``name`` (``enqueue(local_date_iso)``) if it is due at
    ``now`` and not yet enqueued today; audited as ``worker.schedule``."""
    if timezone.is_naive(now):
        raise ValueError(f"scheduling {name}: now must be a time with a time zone")
    local = timezone.localtime(now)
    # Created outside the locking transaction: get_or_create copes with two
    # workers creating it at once, and the row is then locked below.
    ScheduledJob.objects.get_or_create(name=name)
    with transaction.atomic():
        job = ScheduledJob.objects.select_for_update().get(name=name)
        if not daily_job_due(local, at=at, last_run_on=job.last_run_on):
            return []
        day = local.date()
        queued = enqueue(day.isoformat())
        job.last_run_on = day
        job.last_enqueued_at = now
        job.save(update_fields=["last_run_on", "last_enqueued_at"])
        write_audit_entry(
            action="worker.schedule",
            actor=SCHEDULER_ACTOR,
            object_type="scheduled_job",
            object_id=name,
            details={
                "task": task_path,
                "task_id": str(queued.id),
                "as_of": day.isoformat(),
                "at": at.strftime("%H:%M"),
            },
        )
    return [name]


def schedule_due_jobs(*, now: datetime, sweep_at: time, sweep_enabled: bool = True) -> list[str]:
    """Enqueue today's retention sweep if it is due at ``now`` and not yet enqueued.

    ``now`` must be timezone-aware; it is read in the configured time zone
    (``PERSONDATA_TIME_ZONE``), and the sweep is enqueued as of that local
    date. Returns the names of the jobs enqueued (empty when none was due,
    or when ``sweep_enabled`` is false). Each enqueued job is audited as
    ``worker.schedule``. Raises ValueError for a naive ``now``.
    """
    if timezone.is_naive(now):
        raise ValueError("schedule_due_jobs: now must be a time with a time zone")
    if not sweep_enabled:
        return []
    return _schedule_daily(
        name=SWEEP_JOB,
        now=now,
        at=sweep_at,
        enqueue=lambda day: run_sweep_task.enqueue(as_of=day),
        task_path=run_sweep_task.module_path,
    )


def schedule_rights_job(*, now: datetime, at: time = RIGHTS_AT) -> list[str]:
    """Enqueue today's rights job (deadline reminders 7 and 2 days before and
    on the day, purging delivered answers, pseudonymising expired requests)
    if it is due at ``now`` and not yet enqueued; same rules as the sweep."""
    from persondata.rights.tasks import run_daily_rights_task

    if timezone.is_naive(now):
        raise ValueError("schedule_rights_job: now must be a time with a time zone")
    return _schedule_daily(
        name=RIGHTS_JOB,
        now=now,
        at=at,
        enqueue=lambda day: run_daily_rights_task.enqueue(day=day),
        task_path=run_daily_rights_task.module_path,
    )
