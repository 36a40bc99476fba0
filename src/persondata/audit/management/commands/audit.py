"""persondata audit verify"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from persondata.audit.queries import verify_chain


class Command(BaseCommand):
    help = "Work with the tamper-evident audit trail."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        sub.add_parser("verify", help="walk the hash chain; exit 1 at the first broken entry")

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"audit trail intact: {result.verified} entries verified")
            return
        broken = result.first_break
        where = f"#{broken.sequence}: {broken.reason}" if broken else "an unknown entry"
        self.stdout.write(
            f"audit trail BROKEN at entry {where} ({result.verified} entries before it verified)"
        )
        raise SystemExit(1)
