"""The scheduler enqueues the retention sweep once per local day, at or after its time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django_tasks_db.models import DBTaskResult

from persondata.audit.models import AuditEntry
from persondata.audit.queries import verify_chain
from persondata.retention.tasks import run_sweep_task
from persondata.worker.actions import SWEEP_JOB, schedule_due_jobs
from persondata.worker.models import ScheduledJob

pytestmark = pytest.mark.django_db

AT = time(2, 30)
# Copenhagen is UTC+1 in March: 01:29 UTC is 02:29 local time.
BEFORE = datetime(2026, 3, 2, 1, 29, tzinfo=UTC)
AT_TIME = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
LATER = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
NEXT_DAY = datetime(2026, 3, 3, 1, 45, tzinfo=UTC)


def _queued_sweeps() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=run_sweep_task.module_path))


def test_nothing_is_enqueued_before_the_sweep_time():
    assert schedule_due_jobs(now=BEFORE, sweep_at=AT) == []
    assert _queued_sweeps() == []


def test_the_sweep_is_enqueued_at_the_sweep_time_as_of_the_local_date():
    assert schedule_due_jobs(now=AT_TIME, sweep_at=AT) == [SWEEP_JOB]
    (queued,) = _queued_sweeps()
    assert queued.args_kwargs == {"args": [], "kwargs": {"as_of": "2026-03-02"}}
    job = ScheduledJob.objects.get(name=SWEEP_JOB)
    assert (job.last_run_on, job.last_enqueued_at) == (date(2026, 3, 2), AT_TIME)


def test_a_second_check_the_same_day_enqueues_nothing():
    schedule_due_jobs(now=AT_TIME, sweep_at=AT)
    assert schedule_due_jobs(now=LATER, sweep_at=AT) == []
    assert len(_queued_sweeps()) == 1


def test_the_next_day_enqueues_the_next_sweep():
    schedule_due_jobs(now=AT_TIME, sweep_at=AT)
    assert schedule_due_jobs(now=NEXT_DAY, sweep_at=AT) == [SWEEP_JOB]
    assert sorted(q.args_kwargs["kwargs"]["as_of"] for q in _queued_sweeps()) == [
        "2026-03-02",
        "2026-03-03",
    ]


def test_a_worker_started_after_the_sweep_time_enqueues_the_sweep_at_once():
    assert schedule_due_jobs(now=LATER, sweep_at=AT) == [SWEEP_JOB]


def test_the_local_date_decides_not_the_utc_date():
    # 23:30 UTC on 2 March is 00:30 on 3 March in Copenhagen.
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert schedule_due_jobs(now=late, sweep_at=time(0, 15)) == [SWEEP_JOB]
    (queued,) = _queued_sweeps()
    assert queued.args_kwargs["kwargs"]["as_of"] == "2026-03-03"


def test_a_disabled_sweep_is_never_enqueued():
    assert schedule_due_jobs(now=LATER, sweep_at=AT, sweep_enabled=False) == []
    assert _queued_sweeps() == []
    assert not ScheduledJob.objects.exists()


def test_enqueuing_is_audited_without_personal_data():
    schedule_due_jobs(now=AT_TIME, sweep_at=AT)
    entry = AuditEntry.objects.get(action="worker.schedule")
    assert entry.object_id == SWEEP_JOB
    assert entry.details["as_of"] == "2026-03-02"
    assert entry.details["task_id"] == str(_queued_sweeps()[0].id)
    assert verify_chain().ok


def test_a_time_without_a_time_zone_is_refused_and_nothing_is_enqueued():
    with pytest.raises(ValueError, match="time zone"):
        schedule_due_jobs(
            now=datetime(2026, 3, 2, 12, 0, tzinfo=UTC).replace(tzinfo=None), sweep_at=AT
        )
    assert _queued_sweeps() == []
    assert not ScheduledJob.objects.exists()
