"""Killing a real sweep process at any moment and running it again yields the
same end state as one uninterrupted sweep (SPEC 3: safe to interrupt and re-run).

Runs the CLI in subprocesses against a SQLite file, whatever database the rest
of the suite uses, because the processes must share one database on disk.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from persondata.retention.tests.engine_fixtures import REFERENCE

SEED = """
from datetime import UTC, date, datetime
from persondata.subjects import actions
for n in range(90):
    who = actions.create_subject(actor="seed", display_name=f"P{n}", categories=["customer"])
    rel = actions.start_relationship(
        actor="seed", kind="customer", started=date(2015, 1, 1), subject=who
    )
    ended = date(2020 if n % 3 else 2025, 1, 1)
    actions.end_relationship(actor="seed", relationship=rel, ended=ended)
    for category, value in (
        ("user.contact.address", f"Vej {n}"),
        ("user.contact.email", f"p{n}@example.dk"),
    ):
        actions.add_record(
            actor="seed", subject=who, data_category=category, value=value,
            source="data_subject", collected_at=datetime(2019, 5, 1, tzinfo=UTC),
            activities=["customer_administration"],
        )
"""


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERSONDATA_")}
    env.pop("DATABASE_URL", None)
    env["PERSONDATA_VAR_DIR"] = str(var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "persondata.settings"
    return env


def _cli(var_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "persondata.cli.main", *args],
        env=_env(var_dir),
        capture_output=True,
        text=True,
        check=check,
        timeout=600,
    )


def _state(db: Path) -> tuple[list[int], list[str], int]:
    with sqlite3.connect(db) as conn:
        records = [r[0] for r in conn.execute("SELECT id FROM subjects_record ORDER BY id")]
        subjects = [r[0] for r in conn.execute("SELECT key FROM subjects_datasubject ORDER BY key")]
        erased = conn.execute(
            "SELECT COUNT(*) FROM audit_auditentry WHERE action = 'retention.erase'"
        ).fetchone()[0]
    return records, subjects, erased


def _batches_done(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT MAX(batches) FROM retention_sweeprun").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0] or 0)


def _copy_installation(source: Path, target: Path) -> None:
    target.mkdir()
    for item in source.iterdir():
        if item.suffix == ".sqlite3":
            with sqlite3.connect(item) as src, sqlite3.connect(target / item.name) as dst:
                src.backup(dst)
        elif item.is_file() and not item.name.endswith(("-wal", "-shm", ".lock")):
            shutil.copy2(item, target / item.name)


def test_killed_sweep_rerun_matches_an_uninterrupted_sweep(tmp_path: Path):
    seeded = tmp_path / "seeded"
    _cli(seeded, "migrate", "--no-input", "-v0")
    _cli(seeded, "policy", "apply", str(REFERENCE))
    _cli(seeded, "shell", "-c", SEED)
    interrupted, control = tmp_path / "interrupted", tmp_path / "control"
    _copy_installation(seeded, interrupted)
    _copy_installation(seeded, control)

    _cli(control, "retention", "sweep", "--as-of", "2026-03-02", "--batch", "5", "--quiet")
    expected = _state(control / "persondata.sqlite3")
    assert len(expected[0]) == 60  # the 30 subjects whose relationship ended in 2025 stay

    db = interrupted / "persondata.sqlite3"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "persondata.cli.main",
            "retention",
            "sweep",
            "--as-of",
            "2026-03-02",
            "--batch",
            "5",
            "--quiet",
        ],
        env=_env(interrupted),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _batches_done(db) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the sweep finished before it could be killed; make it longer"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    records_after_kill = _state(db)[0]
    assert len(expected[0]) < len(records_after_kill) < 180, "killed mid-way, not before or after"

    rerun = _cli(
        interrupted, "retention", "sweep", "--as-of", "2026-03-02", "--batch", "5", "--quiet"
    )
    assert "deleted" in rerun.stdout
    records, subjects, _erased = _state(db)
    assert (records, subjects) == (expected[0], expected[1])
    assert _cli(interrupted, "audit", "verify").returncode == 0
    again = _cli(interrupted, "retention", "sweep", "--as-of", "2026-03-02", "--quiet")
    assert "0 deleted" in again.stdout
