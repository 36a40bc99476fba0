"""Running two writer processes at once, for the concurrency tests."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

WRITERS = ("writer-a", "writer-b")


def run_two_writers(*, count: int, env: dict[str, str], folder: Path) -> None:
    """Start two ``append_entries`` processes, release them together, wait for both.

    Fails with the processes' own output when either exits with an error.
    """
    go = folder / "go"
    processes = []
    for label in WRITERS:
        ready = folder / f"{label}.ready"
        command = [
            sys.executable,
            "-m",
            "persondata.audit.tests.append_entries",
            str(count),
            label,
            str(ready),
            str(go),
        ]
        processes.append(
            subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
        )
    deadline = time.monotonic() + 60
    while not all((folder / f"{label}.ready").exists() for label in WRITERS):
        if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
            break
        time.sleep(0.01)
    go.touch()
    failures = []
    for label, process in zip(WRITERS, processes, strict=True):
        output, _ = process.communicate(timeout=300)
        if process.returncode != 0:
            failures.append(f"{label} exited {process.returncode}:\n{output}")
    assert not failures, "\n".join(failures)
