"""Two worker processes checking the schedule at once on PostgreSQL enqueue each day's sweep once.

Selected by the marker: `make ci` runs it in its PostgreSQL pass and leaves
it out of the SQLite pass. Run on another database, it fails saying so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from urllib.parse import quote

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from persondata.audit.queries import verify_chain
from persondata.retention.tasks import run_sweep_task

DAYS = 30
PROCESSES = ("scheduler-a", "scheduler-b")


def _url_of_test_database() -> str:
    params = connection.settings_dict
    user = quote(params.get("USER") or "")
    password = quote(params.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{params['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_enqueue_each_days_sweep_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail(
            "this test needs PostgreSQL: run it with DATABASE_URL=postgres://... "
            "(make ci does), or leave it out with -m 'not postgres' (make test does)"
        )
    env = {**os.environ, "DATABASE_URL": _url_of_test_database()}
    go = tmp_path / "go"
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "persondata.worker.tests.schedule_concurrently",
                str(DAYS),
                str(tmp_path / f"{label}.ready"),
                str(go),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for label in PROCESSES
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"{label}.ready").exists() for label in PROCESSES):
        if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
            break
        time.sleep(0.01)
    go.touch()
    outputs = []
    for process in processes:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
        outputs.append(int(output.strip().splitlines()[-1]))

    assert sum(outputs) == DAYS
    days = Counter(
        row.args_kwargs["kwargs"]["as_of"]
        for row in DBTaskResult.objects.filter(task_path=run_sweep_task.module_path)
    )
    assert len(days) == DAYS
    assert set(days.values()) == {1}
    assert verify_chain().ok
