"""recompute_all_task and enqueue_recompute: due dates recomputed in the background."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from persondata.policy.actions import apply_declaration
from persondata.retention import tasks
from persondata.retention.locking import LockBusy
from persondata.retention.tasks import enqueue_recompute, recompute_all_task
from persondata.retention.tests.engine_fixtures import ACTOR, REFERENCE, link, record, subject
from persondata.subjects import actions

pytestmark = pytest.mark.usefixtures("reference")


def _apply_longer_customer_retention(tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    longer = text.replace(
        "      - keep: 3y\n        after: relationship_ended\n",
        "      - keep: 4y\n        after: relationship_ended\n",
        1,
    )
    assert longer != text, "the reference declaration no longer has the rule this test changes"
    path = tmp_path / "longer.yaml"
    path.write_text(longer, encoding="utf-8")
    apply_declaration(path=path, actor_label="test")


def _former_customer_address():
    who = subject(["customer"])
    rel = actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who
    )
    actions.end_relationship(actor=ACTOR, relationship=rel, ended=date(2024, 1, 1))
    return record(who, "user.contact.address", "Vestergade 5", ["customer_administration"])


def _queued_recomputes() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            task_path=recompute_all_task.module_path, status=TaskResultStatus.READY
        )
    )


def test_the_task_recomputes_every_link_under_the_new_declaration(tmp_path):
    rec = _former_customer_address()
    _apply_longer_customer_retention(tmp_path)
    assert recompute_all_task.call() == {"deferred": False, "changed": 1}
    assert link(rec, "customer_administration").due_on == date(2028, 1, 1)


def test_a_second_run_changes_nothing(tmp_path):
    _former_customer_address()
    _apply_longer_customer_retention(tmp_path)
    recompute_all_task.call()
    assert recompute_all_task.call() == {"deferred": False, "changed": 0}


def test_the_task_takes_the_sweep_lock(monkeypatch):
    taken: list[str] = []
    real = tasks.exclusive

    def spy(name):
        taken.append(name)
        return real(name)

    monkeypatch.setattr(tasks, "exclusive", spy)
    recompute_all_task.call()
    assert taken == ["retention-sweep"]


def test_a_busy_lock_defers_the_recompute_by_a_minute(monkeypatch, tmp_path):
    rec = _former_customer_address()
    _apply_longer_customer_retention(tmp_path)
    DBTaskResult.objects.all().delete()

    def busy(name):
        raise LockBusy(f"another '{name}' is running")

    monkeypatch.setattr(tasks, "exclusive", busy)
    counts = recompute_all_task.call()
    assert counts["deferred"] is True
    (retry,) = _queued_recomputes()
    assert str(retry.id) == counts["retry"]
    assert retry.run_after == timezone.now() + timedelta(minutes=1)
    assert link(rec, "customer_administration").due_on == date(2027, 1, 1)


def test_enqueue_recompute_queues_one_task():
    DBTaskResult.objects.all().delete()
    queued = enqueue_recompute()
    assert queued is not None
    assert [str(r.id) for r in _queued_recomputes()] == [str(queued.id)]


def test_enqueue_recompute_adds_nothing_while_one_is_waiting():
    DBTaskResult.objects.all().delete()
    enqueue_recompute()
    assert enqueue_recompute() is None
    assert len(_queued_recomputes()) == 1


def test_enqueue_recompute_queues_again_once_the_waiting_one_has_started():
    DBTaskResult.objects.all().delete()
    first = enqueue_recompute()
    assert first is not None
    DBTaskResult.objects.filter(id=first.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    again = enqueue_recompute()
    assert again is not None
    assert again.id != first.id
