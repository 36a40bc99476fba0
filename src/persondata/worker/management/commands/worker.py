"""persondata worker [--once] [--sweep-at HH:MM] [--interval SECONDS]"""

from __future__ import annotations

import logging
from argparse import ArgumentParser, ArgumentTypeError
from datetime import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from persondata.worker.loop import WorkerLoop
from persondata.worker.schedule import parse_clock_time


def _clock_time(text: str) -> time:
    try:
        return parse_clock_time(text)
    except ValueError as exc:
        raise ArgumentTypeError(str(exc)) from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 <= value <= 3600:
        raise ArgumentTypeError(f"'{text}': give between 0 and 3600 seconds")
    return value


class Command(BaseCommand):
    help = (
        "Run background tasks (queued recomputations, the daily retention sweep) and the "
        "scheduler that enqueues the sweep. Stop it with SIGTERM or Ctrl+C. See docs/worker.md."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="check the schedule once, run every queued task, then exit",
        )
        parser.add_argument(
            "--sweep-at",
            type=_clock_time,
            default=None,
            metavar="HH:MM",
            help="local time of the daily sweep (default PERSONDATA_SWEEP_TIME)",
        )
        parser.add_argument(
            "--interval",
            type=_seconds,
            default=2.0,
            metavar="SECONDS",
            help="wait between polls of the queue when it is empty (default 2)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._configure_logging(options["verbosity"])
        sweep_at: time = options["sweep_at"] or settings.SWEEP_TIME
        loop = WorkerLoop(
            sweep_at=sweep_at, sweep_enabled=settings.SWEEP_ENABLED, interval=options["interval"]
        )
        sweep = (
            f"the retention sweep daily at {sweep_at:%H:%M} ({settings.TIME_ZONE})"
            if settings.SWEEP_ENABLED
            else "no scheduled sweep (PERSONDATA_SWEEP_ENABLED is off)"
        )
        if options["once"]:
            result = loop.run_once()
            scheduled = ", ".join(result.scheduled) or "nothing"
            self.stdout.write(
                f"worker {loop.worker_id}: {sweep}; scheduled {scheduled}; ran "
                f"{result.succeeded + result.failed} task(s): {result.succeeded} succeeded, "
                f"{result.failed} failed"
            )
            if result.failed:
                raise CommandError(f"{result.failed} task(s) failed; see the log above")
            return
        self.stdout.write(
            f"worker {loop.worker_id} started: {sweep}; stop it with SIGTERM or Ctrl+C"
        )
        self.stdout.flush()
        loop.run_forever()

    def _configure_logging(self, verbosity: int) -> None:
        # django-tasks-db logs every poll of an empty queue at INFO: only from -v 2.
        ours = {0: logging.ERROR, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        library = {0: logging.ERROR, 1: logging.WARNING}.get(verbosity, logging.DEBUG)
        logging.getLogger("persondata").setLevel(ours)
        logging.getLogger("django_tasks").setLevel(ours)
        logging.getLogger("django_tasks_db").setLevel(library)
