"""The rights workflow's daily job, for ``persondata worker``.

``run_daily_rights_task`` sends the day's deadline reminders (7 and 2 days
before and on the day), removes the content of delivered answers of closed
requests, and strips personal data from requests past their retention.
Each part is idempotent, so running the job twice a day, or after a missed
day, is harmless. The same work runs from the command line as
``persondata requests remind`` and ``persondata requests purge``.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.utils import timezone
from django_tasks import task

from persondata.rights.reminders import send_deadline_reminders
from persondata.rights.request_retention import (
    pseudonymise_expired_requests,
    purge_delivered_answers,
)

logger = logging.getLogger(__name__)
WORKER_ACTOR = "worker: rights daily job"


def _day(text: str | None) -> date:
    if text is None:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(
            f"run_daily_rights_task: day '{text}' is not a date; give it as YYYY-MM-DD or None"
        ) from None


@task()
def run_daily_rights_task(day: str | None = None) -> dict[str, Any]:
    """Reminders for ``day`` (YYYY-MM-DD; None: the day the task runs), then the
    clean-up. Returns the counts. Raises ValueError for a malformed day, which
    fails the task before anything is sent."""
    today = _day(day)
    reminders = send_deadline_reminders(today, actor=WORKER_ACTOR)
    purged = purge_delivered_answers(actor=WORKER_ACTOR)
    pseudonymised = pseudonymise_expired_requests(actor=WORKER_ACTOR, today=today)
    counts = {
        "day": today.isoformat(),
        "reminders": reminders,
        "answers_purged": purged,
        "requests_pseudonymised": pseudonymised,
    }
    logger.info("rights daily job for %s: %s", today, counts)
    return counts
