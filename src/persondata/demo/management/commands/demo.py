"""persondata demo setup: the demo admin (and, later, demo subjects) for `make run`."""

from __future__ import annotations

import secrets
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prepare the demo installation that `make run` serves."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="setup")
        setup = sub.add_parser("setup", help="create the demo admin once and print its password")
        setup.add_argument("--username", default="admin")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        username = options["username"]
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(
                f"demo admin '{username}' exists already (password shown when it was made)"
            )
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            f"demo admin created: username '{username}', password '{password}' "
            "(shown only this once)"
        )
