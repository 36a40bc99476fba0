"""persondata demo setup: the demo admin and a generated register for `make run`."""

from __future__ import annotations

import secrets
import time
from argparse import ArgumentParser
from typing import IO, Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress

from persondata.accounts.acting import acting_as
from persondata.demo.generate import DemoDataError, generate_demo_register
from persondata.policy.queries import current_declaration
from persondata.subjects.models import DataSubject

DEFAULT_SUBJECTS = 300
DEFAULT_SEED = 2026


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise CommandError(f"--subjects: '{text}' is not a whole number") from None
    if value < 0:
        raise CommandError(f"--subjects: {value} is below 0")
    return value


class Command(BaseCommand):
    help = "Prepare the demo installation that `make run` serves."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="setup")
        setup = sub.add_parser(
            "setup",
            help="create the demo admin once (printing its password) and, when the register "
            "is empty, fill it with generated subjects",
        )
        setup.add_argument("--username", default="admin")
        setup.add_argument(
            "--subjects",
            type=_count,
            default=DEFAULT_SUBJECTS,
            help=f"how many demo subjects to generate (default {DEFAULT_SUBJECTS}; 0: none)",
        )
        setup.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="the same seed gives the same subjects on the same day",
        )
        setup.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        self._admin(options["username"])
        self._register(options["subjects"], options["seed"], quiet=options["quiet"])

    def _admin(self, username: str) -> None:
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(
                f"demo admin '{username}' exists already (password shown when it was made)"
            )
            return
        password = secrets.token_urlsafe(12)
        with acting_as("persondata demo setup"):
            user = user_model.objects.create_superuser(
                username=username, email="", password=password
            )
            user.groups.add(Group.objects.get(name="admin"))
        self.stdout.write(
            f"demo admin created: username '{username}', password '{password}' "
            "(shown only this once)\n"
            "log in at /staff/login/ (http://127.0.0.1:8000/staff/login/ with 'make run'); "
            "the first login shows a QR code: scan it with an authenticator app (TOTP) and "
            "type its 6-digit code, then keep the recovery codes shown"
        )

    def _register(self, count: int, seed: int, *, quiet: bool) -> None:
        if count == 0:
            return
        existing = DataSubject.objects.count()
        if existing:
            self.stdout.write(
                f"the register holds {existing} subject(s) already; no demo subjects added"
            )
            return
        if current_declaration() is None:
            raise CommandError(
                "no declaration has been applied, so demo subjects have no activities; run "
                "'persondata policy apply examples/demo.yaml' first"
            )
        started = time.monotonic()
        try:
            if quiet:
                summary = generate_demo_register(count=count, seed=seed)
            else:
                with Progress(console=Console(file=cast(IO[str], self.stderr))) as bar:
                    task = bar.add_task("demo subjects", total=count)
                    summary = generate_demo_register(
                        count=count,
                        seed=seed,
                        progress=lambda done, total: bar.update(task, completed=done),
                    )
        except DemoDataError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"demo register: {summary.subjects} subjects, {summary.organisations} organisations, "
            f"{summary.records} records in {summary.activities} activities, {summary.events} "
            f"events, {summary.consents} consents ({summary.withdrawals} withdrawn), "
            f"{summary.legal_holds} legal holds, {summary.requests} rights requests "
            f"({time.monotonic() - started:.1f} s); 'persondata retention plan' shows what is due"
        )
