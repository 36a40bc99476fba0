"""Tasks that the shutdown tests queue: they must be importable by path."""

from __future__ import annotations

import os
import signal

from django_tasks import task


@task()
def send_sigterm_to_this_process() -> str:
    """Stands in for `systemctl stop` arriving while a task runs."""
    os.kill(os.getpid(), signal.SIGTERM)
    return "finished after SIGTERM"


@task()
def note_that_it_ran() -> str:
    return "ran"
