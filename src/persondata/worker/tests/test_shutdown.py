"""SIGTERM and SIGINT stop the worker after the running task; a second signal at once."""

from __future__ import annotations

import signal
from datetime import time

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from persondata.worker.loop import WorkerLoop
from persondata.worker.tests.stop_tasks import note_that_it_ran, send_sigterm_to_this_process


def _loop() -> WorkerLoop:
    return WorkerLoop(sweep_at=time(2, 30), sweep_enabled=False, interval=0.1)


def test_the_first_signal_asks_the_loop_and_the_task_runner_to_stop():
    loop = _loop()
    loop.shutdown(signal.SIGTERM, None)
    assert loop.stopping
    assert loop.runner.running is False


def test_a_second_signal_stops_at_once():
    loop = _loop()
    loop.shutdown(signal.SIGINT, None)
    with pytest.raises(SystemExit) as info:
        loop.shutdown(signal.SIGINT, None)
    assert info.value.code == 1


@pytest.mark.django_db
def test_after_shutdown_no_queued_task_is_started():
    queued = note_that_it_ran.enqueue()
    loop = _loop()
    loop.shutdown(signal.SIGTERM, None)
    assert loop.run_queued().succeeded == 0
    assert DBTaskResult.objects.get(id=queued.id).status == TaskResultStatus.READY


@pytest.mark.django_db(transaction=True)
def test_sigterm_during_a_task_lets_it_finish_and_starts_no_other():
    first = send_sigterm_to_this_process.using(priority=10).enqueue()
    second = note_that_it_ran.enqueue()
    before = signal.getsignal(signal.SIGTERM)
    _loop().run_forever()  # returns only because of the SIGTERM the first task sends
    done = DBTaskResult.objects.get(id=first.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == "finished after SIGTERM"
    assert DBTaskResult.objects.get(id=second.id).status == TaskResultStatus.READY
    assert signal.getsignal(signal.SIGTERM) is before, "the previous handler is restored"
