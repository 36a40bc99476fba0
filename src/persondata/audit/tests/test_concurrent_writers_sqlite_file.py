"""Two OS processes appending at once to a SQLite file never fork the chain.

SQLite has no row locks; IMMEDIATE transactions (settings.py) take the
database's write lock at BEGIN, so the second writer waits instead of
reading a stale head. Runs in every pass: it uses its own SQLite file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter

from persondata.audit.tests.concurrency import WRITERS, run_two_writers

PER_WRITER = 200


def _persondata(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "persondata.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_two_processes_appending_to_a_sqlite_file_leave_one_unforked_chain(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PERSONDATA_VAR_DIR"] = str(tmp_path / "var")
    migrated = _persondata("migrate", "--no-input", env=env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr

    run_two_writers(count=PER_WRITER, env=env, folder=tmp_path)

    verified = _persondata("audit", "verify", "--json", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    payload = json.loads(verified.stdout)
    assert payload["ok"] is True
    assert payload["verified"] == 2 * PER_WRITER
    with sqlite3.connect(tmp_path / "var" / "persondata.sqlite3") as database:
        actors = Counter(
            actor
            for (actor,) in database.execute(
                "SELECT actor FROM audit_auditentry WHERE action = 'test.concurrent'"
            )
        )
        forks = database.execute(
            "SELECT COUNT(*) - COUNT(DISTINCT previous_hash) FROM audit_auditentry"
        ).fetchone()[0]
    assert actors == dict.fromkeys(WRITERS, PER_WRITER)
    assert forks == 0
