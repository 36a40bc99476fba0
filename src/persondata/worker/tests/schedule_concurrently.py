"""One scheduler process for the concurrency test: ``python -m ... DAYS READY GO``.

Waits until the file GO exists (so that two processes start together), then
runs the scheduler check for each of DAYS consecutive days at 03:00 local
time, starting on 2026-03-02, and prints how many sweeps it enqueued.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo


def main(days: int, ready: Path, go: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "persondata.settings")
    import django

    django.setup()
    from persondata.worker.actions import schedule_due_jobs
    from persondata.worker.schedule import parse_clock_time

    first = datetime(2026, 3, 2, 3, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    ready.touch()
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    enqueued = 0
    for day in range(days):
        now = first + timedelta(days=day)
        enqueued += len(schedule_due_jobs(now=now, sweep_at=parse_clock_time("02:30")))
    sys.stdout.write(f"{enqueued}\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
