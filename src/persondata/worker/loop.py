"""The ``persondata worker`` process: a scheduler and a task runner in one loop.

Design (the simplest that is robust): one thread, one loop that alternates
two steps, so nothing is shared between threads and a database connection
is only ever used by the thread that opened it.

1. Schedule: at start and then once a minute, ``worker.actions.
   schedule_due_jobs`` enqueues today's retention sweep when it is due and
   not yet enqueued (a ``ScheduledJob`` row remembers the date, so restarts
   and other workers do not enqueue it again). The same check brings the
   eligibility index up to date, so that the first marketing list after a
   bulk import or a new declaration does not wait for its rebuild.
2. Run: django-tasks-db's own ``Worker`` in batch mode claims and runs every
   ready task in the database queue (the sweep, recomputations after a
   declaration change, anything else queued), then returns. Claiming uses
   ``SELECT ... FOR UPDATE SKIP LOCKED`` (an exclusive transaction on
   SQLite), so several workers never run the same task.

Between rounds the loop waits ``interval`` seconds on an event that the
shutdown handler sets. SIGTERM or SIGINT stops it gracefully: the task that
is running finishes, no new task starts, and the loop ends. A second signal
stops at once: the running task is recorded as failed (the sweep is safe to
interrupt and run again) and the process exits with status 1.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time as clock
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from types import FrameType
from typing import Any

from django.db import OperationalError
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from persondata.consent.eligibility_index import bring_up_to_date
from persondata.worker.actions import schedule_due_jobs, schedule_rights_job

logger = logging.getLogger(__name__)

SCHEDULE_EVERY = 60.0
SIGNALS = (signal.SIGTERM, signal.SIGINT)


def default_worker_id() -> str:
    """``host-pid``: unique among running workers, and says where to look."""
    return f"{socket.gethostname()}-{os.getpid()}"[-64:]


@dataclass
class RoundResult:
    """What one round (or ``--once``) did: jobs scheduled and tasks run."""

    scheduled: list[str] = field(default_factory=list)
    succeeded: int = 0
    failed: int = 0


class TaskRunner(Worker):
    """django-tasks-db's worker in batch mode: run every ready task, then return.

    Counts the outcomes, and logs a failed task with its exception (the
    library only stores it in the task's row).
    """

    def __init__(self, *, worker_id: str, interval: float) -> None:
        super().__init__(
            queue_names=["*"],
            interval=interval,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.succeeded = 0
        self.failed = 0

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        logger.info("running task %s (%s)", db_task_result.id, db_task_result.task_path)
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.SUCCESSFUL:
            self.succeeded += 1
            logger.info("task %s succeeded: %s", db_task_result.id, db_task_result.return_value)
        else:
            self.failed += 1
            last_line = (db_task_result.traceback.strip().splitlines() or ["?"])[-1]
            logger.error(
                "task %s (%s) failed: %s", db_task_result.id, db_task_result.task_path, last_line
            )


class WorkerLoop:
    """The scheduler and the task runner of one worker process (see the module docstring).

    ``now`` gives the current time for the scheduler (timezone-aware);
    tests pass a fixed clock.
    """

    def __init__(
        self,
        *,
        sweep_at: time,
        sweep_enabled: bool = True,
        interval: float = 2.0,
        worker_id: str | None = None,
        now: Callable[[], datetime] = timezone.now,
    ) -> None:
        if interval < 0:
            raise ValueError("the interval between polls must be zero or more seconds")
        self.sweep_at = sweep_at
        self.sweep_enabled = sweep_enabled
        self.interval = interval
        self.worker_id = worker_id or default_worker_id()
        self.runner = TaskRunner(worker_id=self.worker_id, interval=max(interval, 0.1))
        self._now = now
        self._stop = threading.Event()
        self._next_schedule = 0.0

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def schedule(self) -> list[str]:
        """Enqueue the daily jobs that are due now; the names of those enqueued.

        An unreachable or locked database is logged and retried at the next
        check instead of ending the worker.
        """
        try:
            now = self._now()
            scheduled = schedule_due_jobs(
                now=now, sweep_at=self.sweep_at, sweep_enabled=self.sweep_enabled
            )
            scheduled += schedule_rights_job(now=now)
            bring_up_to_date(now=now)
        except OperationalError as exc:
            logger.warning("scheduler check failed, trying again in a minute: %s", exc)
            return []
        for name in scheduled:
            logger.info("scheduled %s", name)
        return scheduled

    def run_queued(self) -> RoundResult:
        """Run every task that is ready now (none once shutdown has begun)."""
        before = (self.runner.succeeded, self.runner.failed)
        if not self.stopping:
            self.runner.run()
        return RoundResult(
            succeeded=self.runner.succeeded - before[0], failed=self.runner.failed - before[1]
        )

    def run_once(self) -> RoundResult:
        """One scheduler check, then every ready task; for ``--once`` and tests."""
        scheduled = self.schedule()
        result = self.run_queued()
        result.scheduled = scheduled
        return result

    def run_forever(self) -> None:
        """Loop until SIGTERM or SIGINT; the previous signal handlers are restored after."""
        previous = {sig: signal.signal(sig, self.shutdown) for sig in SIGNALS}
        try:
            while not self.stopping:
                if clock.monotonic() >= self._next_schedule:
                    self.schedule()
                    self._next_schedule = clock.monotonic() + SCHEDULE_EVERY
                self.run_queued()
                self._stop.wait(self.interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        logger.info("worker %s stopped", self.worker_id)

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        """The SIGTERM/SIGINT handler: the first signal stops after the
        running task; a second raises SystemExit(1) at once."""
        name = signal.Signals(signum).name
        if self.stopping:
            logger.warning("%s again: stopping now, the running task is recorded as failed", name)
            raise SystemExit(1)
        logger.warning("%s: stopping after the running task (send it again to stop at once)", name)
        self._stop.set()
        self.runner.running = False
