"""run_sweep_task: the worker's sweep, with its counts, deferred when the lock is busy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from persondata.retention import tasks
from persondata.retention.locking import LockBusy
from persondata.retention.models import SweepRun
from persondata.retention.tasks import WORKER_ACTOR, run_sweep_task
from persondata.retention.tests.engine_fixtures import ACTOR, record, subject
from persondata.subjects import actions
from persondata.subjects.models import Record

pytestmark = pytest.mark.usefixtures("reference")


def _due_record() -> Record:
    who = subject(["customer"])
    rel = actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who
    )
    actions.end_relationship(actor=ACTOR, relationship=rel, ended=date(2020, 1, 1))
    return record(who, "user.contact.address", "Vestergade 1", ["customer_administration"])


def test_the_task_sweeps_and_returns_its_counts():
    _due_record()
    counts = run_sweep_task.call(as_of="2026-03-02")
    run = SweepRun.objects.get()
    assert counts == {
        "deferred": False,
        "as_of": "2026-03-02",
        "sweep_run": run.pk,
        "deleted": 1,
        "anonymised": 0,
        "subjects_removed": 1,
        "batches": 1,
    }
    assert run.actor == WORKER_ACTOR
    assert not Record.objects.exists()


def test_without_a_date_the_task_sweeps_as_of_the_day_it_runs():
    counts = run_sweep_task.call(as_of=None)
    assert counts["as_of"] == timezone.localdate().isoformat()


def test_records_not_yet_due_on_the_given_date_stay():
    _due_record()
    counts = run_sweep_task.call(as_of="2022-12-31")
    assert counts["deleted"] == 0
    assert Record.objects.count() == 1


def test_a_malformed_date_is_refused_before_anything_is_erased():
    _due_record()
    with pytest.raises(ValueError, match="'31-12-2025' is not a date"):
        run_sweep_task.call(as_of="31-12-2025")
    assert Record.objects.count() == 1
    assert not SweepRun.objects.exists()


def test_a_busy_lock_defers_the_sweep_by_a_minute(monkeypatch):
    _due_record()

    def busy(**kwargs):
        raise LockBusy("another 'retention-sweep' is running")

    monkeypatch.setattr(tasks, "sweep", busy)
    counts = run_sweep_task.call(as_of="2026-03-02")
    assert counts["deferred"] is True
    retry = DBTaskResult.objects.get(id=counts["retry"])
    assert retry.status == TaskResultStatus.READY
    assert retry.task_path == run_sweep_task.module_path
    assert retry.args_kwargs["kwargs"] == {"as_of": "2026-03-02"}
    assert retry.run_after == timezone.now() + timedelta(minutes=1)
    assert Record.objects.count() == 1
