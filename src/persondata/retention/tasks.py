"""Background tasks of the retention engine, run by ``persondata worker``.

Rules of this module:
- Both tasks take the sweep lock (``retention-sweep``): the sweep takes it
  itself, the recomputation around ``recompute_all``. So a sweep never acts
  on due dates that are half recomputed, and neither runs twice at once.
- When the lock is busy (another sweep or recomputation, from the CLI or
  another worker), the task is not lost: it enqueues itself again to run a
  minute later and reports that it was deferred.
- Each task returns its counts as JSON (stored with the task's result) and
  logs them; the sweep and the changes it makes are audited by the sweep.
- ``enqueue_recompute`` is what applying a declaration calls: it queues one
  recomputation, unless one is already waiting to start (a waiting one will
  read the newest declaration when it runs, so a second would only repeat it).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from persondata.retention import engine
from persondata.retention.locking import LockBusy, exclusive
from persondata.retention.sweep import SWEEP_LOCK, sweep

logger = logging.getLogger(__name__)

# How long a task waits before trying again when the sweep lock is busy.
RETRY_AFTER = timedelta(minutes=1)
WORKER_ACTOR = "worker: scheduled sweep"


def _sweep_date(as_of: str | None) -> date:
    if as_of is None:
        return timezone.localdate()
    try:
        return date.fromisoformat(as_of)
    except (TypeError, ValueError):
        raise ValueError(
            f"run_sweep_task: as_of '{as_of}' is not a date; give it as YYYY-MM-DD or None"
        ) from None


def _retry_at() -> datetime:
    return timezone.now() + RETRY_AFTER


@task()
def run_sweep_task(as_of: str | None = None) -> dict[str, Any]:
    """Erase what is due on ``as_of`` (YYYY-MM-DD; None: the day the task runs).

    Returns the sweep's counts. When another sweep or recomputation holds
    the lock, enqueues itself again for a minute later and returns
    ``{"deferred": True, ...}``. Raises ValueError for a malformed date,
    which fails the task without erasing anything.
    """
    day = _sweep_date(as_of)
    try:
        result = sweep(as_of=day, actor=WORKER_ACTOR)
    except LockBusy as exc:
        retry = run_sweep_task.using(run_after=_retry_at()).enqueue(as_of=day.isoformat())
        logger.warning("retention sweep as of %s deferred: %s", day, exc)
        return {"deferred": True, "as_of": day.isoformat(), "retry": str(retry.id)}
    counts = {
        "deferred": False,
        "as_of": day.isoformat(),
        "sweep_run": result.run.pk,
        "deleted": result.deleted,
        "anonymised": result.anonymised,
        "subjects_removed": result.subjects_removed,
        "batches": result.batches,
    }
    logger.info(
        "retention sweep %s as of %s: %d deleted, %d anonymised, %d subject(s) removed",
        result.run.pk,
        day,
        result.deleted,
        result.anonymised,
        result.subjects_removed,
    )
    return counts


@task()
def recompute_all_task() -> dict[str, Any]:
    """Recompute every stored due date under the sweep lock (after a
    declaration change). Returns ``{"deferred": False, "changed": N}``, or
    ``{"deferred": True, ...}`` after enqueuing itself again when the lock
    is busy. Does nothing (0 changed) before a declaration is applied."""
    try:
        with exclusive(SWEEP_LOCK):
            changed = engine.recompute_all()
    except LockBusy as exc:
        retry = recompute_all_task.using(run_after=_retry_at()).enqueue()
        logger.warning("recomputation of due dates deferred: %s", exc)
        return {"deferred": True, "retry": str(retry.id)}
    logger.info("recomputed due dates: %d changed", changed)
    return {"deferred": False, "changed": changed}


def enqueue_recompute() -> TaskResult[dict[str, Any]] | None:
    """Queue a recomputation of every due date; call it when the declaration changes.

    Returns the queued task's result handle, or None when a recomputation
    is already waiting to start (it will read the newest declaration). Call
    it inside the transaction that applies the declaration: the task then
    becomes visible to workers only when the declaration does.
    """
    waiting = DBTaskResult.objects.filter(
        task_path=recompute_all_task.module_path,
        status=TaskResultStatus.READY,
        started_at__isnull=True,
    ).exists()
    if waiting:
        return None
    return recompute_all_task.enqueue()
