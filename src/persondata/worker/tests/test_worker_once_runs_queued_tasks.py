"""`persondata worker --once` checks the schedule, runs every queued task and exits.

These tests commit (transaction=True): django-tasks-db's worker checks its
database connection between tasks, as a long-running process must, and that
does not work inside the per-test transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from persondata.audit.queries import verify_chain
from persondata.policy.actions import apply_declaration
from persondata.retention.models import SweepRun
from persondata.retention.tasks import enqueue_recompute, recompute_all_task, run_sweep_task
from persondata.retention.tests.engine_fixtures import ACTOR, REFERENCE, link, record, subject
from persondata.subjects import actions
from persondata.subjects.models import DataSubject, Record
from persondata.worker.actions import RIGHTS_JOB
from persondata.worker.models import ScheduledJob

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference")]

# 10:00 in Copenhagen, well after the default sweep time (02:30).
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _former_customer(ended: date) -> DataSubject:
    who = subject(["customer"])
    rel = actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who
    )
    actions.end_relationship(actor=ACTOR, relationship=rel, ended=ended)
    return who


def _run_once(*extra: str) -> str:
    out = StringIO()
    call_command("worker", "--once", *extra, stdout=out, verbosity=0)
    return out.getvalue()


def test_a_queued_sweep_runs_and_erases_what_is_due():
    who = _former_customer(date(2020, 1, 1))
    record(who, "user.contact.address", "Vestergade 1", ["customer_administration"])
    queued = run_sweep_task.enqueue(as_of="2026-03-02")
    output = _run_once("--sweep-at", "23:59")
    assert "ran 1 task(s): 1 succeeded, 0 failed" in output
    result = DBTaskResult.objects.get(id=queued.id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value is not None
    assert result.return_value["deleted"] == 1
    assert not Record.objects.exists()
    assert SweepRun.objects.get().status == SweepRun.Status.FINISHED
    assert verify_chain().ok


def test_a_queued_recompute_moves_due_dates_to_the_new_declaration(tmp_path: Path):
    who = _former_customer(date(2024, 1, 1))
    rec = record(who, "user.contact.address", "Vestergade 2", ["customer_administration"])
    assert link(rec, "customer_administration").due_on == date(2027, 1, 1)
    text = REFERENCE.read_text(encoding="utf-8")
    longer = text.replace(
        "      - keep: 3y\n        after: relationship_ended\n",
        "      - keep: 4y\n        after: relationship_ended\n",
        1,
    )
    assert longer != text, "the reference declaration no longer has the rule this test changes"
    changed = tmp_path / "changed.yaml"
    changed.write_text(longer, encoding="utf-8")
    apply_declaration(path=changed, actor_label="test")
    enqueue_recompute()  # queues one, unless applying the declaration already did
    queued = DBTaskResult.objects.get(task_path=recompute_all_task.module_path)
    _run_once("--sweep-at", "23:59")
    assert DBTaskResult.objects.get(id=queued.id).return_value == {"deferred": False, "changed": 1}
    assert link(rec, "customer_administration").due_on == date(2028, 1, 1)


def test_both_queued_tasks_run_in_one_pass():
    who = _former_customer(date(2020, 1, 1))
    record(who, "user.contact.address", "Vestergade 3", ["customer_administration"])
    recompute_all_task.enqueue()
    run_sweep_task.enqueue(as_of="2026-03-02")
    output = _run_once("--sweep-at", "23:59")
    assert "ran 2 task(s): 2 succeeded, 0 failed" in output
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def test_once_after_the_sweep_time_schedules_todays_sweep_and_runs_it():
    who = _former_customer(date(2020, 1, 1))
    record(who, "user.contact.address", "Vestergade 4", ["customer_administration"])
    output = _run_once()
    assert "scheduled retention-sweep" in output
    (done,) = DBTaskResult.objects.all()
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value is not None
    assert done.return_value["as_of"] == "2026-03-02"
    assert not Record.objects.exists()


def test_once_before_the_sweep_time_schedules_nothing_then_the_sweep_time_does():
    with time_machine.travel(datetime(2026, 3, 2, 1, 29, tzinfo=UTC), tick=False):
        assert "scheduled nothing; ran 0 task(s)" in _run_once()
    with time_machine.travel(datetime(2026, 3, 2, 1, 31, tzinfo=UTC), tick=False):
        assert "scheduled retention-sweep; ran 1 task(s)" in _run_once()
    with time_machine.travel(datetime(2026, 3, 2, 22, 0, tzinfo=UTC), tick=False):
        assert "scheduled nothing; ran 0 task(s)" in _run_once()
    assert DBTaskResult.objects.count() == 1


def test_a_failed_task_makes_once_exit_with_an_error():
    queued = run_sweep_task.enqueue(as_of="not a date")
    with pytest.raises(CommandError, match="1 task\\(s\\) failed"):
        _run_once("--sweep-at", "23:59")
    result = DBTaskResult.objects.get(id=queued.id)
    assert result.status == TaskResultStatus.FAILED
    assert "is not a date" in result.traceback


@pytest.fixture(autouse=True)
def rights_job_already_done(transactional_db: None) -> None:
    """These tests are about the sweep: the daily rights job counts as done
    (test_scheduler_enqueues_the_rights_job covers it)."""
    ScheduledJob.objects.update_or_create(
        name=RIGHTS_JOB, defaults={"last_run_on": date(2999, 12, 31)}
    )


def test_the_scheduler_check_brings_the_eligibility_index_up_to_date():
    from persondata.consent.models import EligibilityAnswer, EligibilityChange

    who = subject(["customer"])
    actions.update_subject(actor=ACTOR, subject=who, email="anna@example.dk")
    assert EligibilityChange.objects.exists()
    _run_once()
    assert not EligibilityChange.objects.exists()
    assert not EligibilityAnswer.objects.filter(address="anna@example.dk").exists()
