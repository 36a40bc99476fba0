"""A writer process for the concurrency tests (run with ``python -m``; not a test module).

Usage: python -m persondata.audit.tests.append_entries COUNT LABEL READY_FILE GO_FILE

It sets Django up under the environment's settings and DATABASE_URL, creates
READY_FILE, waits for GO_FILE (so that both writers start together), then
appends COUNT entries, each in its own transaction, as actor LABEL.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    count, label, ready, go = int(argv[0]), argv[1], Path(argv[2]), Path(argv[3])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "persondata.settings")
    import django

    django.setup()
    from persondata.audit.actions import write_audit_entry

    ready.touch()
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{label}: the go signal never came")
        time.sleep(0.005)
    for number in range(1, count + 1):
        write_audit_entry(
            action="test.concurrent",
            actor=label,
            object_type="writer",
            object_id=str(number),
            details={"writer": label, "number": number},
        )


if __name__ == "__main__":
    main(sys.argv[1:])
