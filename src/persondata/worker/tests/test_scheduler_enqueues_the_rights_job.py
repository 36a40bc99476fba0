"""The scheduler enqueues the rights job (deadline reminders) once per local day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django_tasks_db.models import DBTaskResult

from persondata.rights.tasks import run_daily_rights_task
from persondata.worker.actions import RIGHTS_JOB, schedule_rights_job

pytestmark = pytest.mark.django_db

# Copenhagen is UTC+1 in March: 05:59 UTC is 06:59 local time.
BEFORE = datetime(2026, 3, 2, 5, 59, tzinfo=UTC)
AT_TIME = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
NEXT_DAY = datetime(2026, 3, 3, 6, 30, tzinfo=UTC)


def _queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=run_daily_rights_task.module_path))


def test_rights_job_is_enqueued_once_a_day_from_seven_in_the_morning():
    assert schedule_rights_job(now=BEFORE) == []
    assert schedule_rights_job(now=AT_TIME) == [RIGHTS_JOB]
    assert schedule_rights_job(now=LATER) == []
    assert len(_queued()) == 1
    assert schedule_rights_job(now=NEXT_DAY) == [RIGHTS_JOB]
    assert len(_queued()) == 2


def test_naive_time_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        schedule_rights_job(now=datetime(2026, 3, 2, 8, 0))  # noqa: DTZ001
