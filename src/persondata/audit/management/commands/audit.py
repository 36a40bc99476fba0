"""persondata audit verify [--json]"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from persondata.audit.actions import AuditTrailDamaged, record_verification
from persondata.audit.chain import Verification
from persondata.audit.queries import verify_chain


class Command(BaseCommand):
    help = "Work with the tamper-evident audit trail (verify)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        verify = sub.add_parser(
            "verify", help="walk the hash chain; exit 1 at the first broken entry"
        )
        verify.add_argument("--json", action="store_true", help="print the result as JSON")
        verify.add_argument(
            "--actor", default="persondata audit verify", help="who verifies (audit trail)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        checked_at = timezone.now()
        try:
            record_verification(verification=result, actor=options["actor"])
        except AuditTrailDamaged as exc:
            self.stderr.write(f"the result was not recorded: {exc}")
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(result, checked_at.isoformat()), indent=2))
        elif result.first_break is None:
            self.stdout.write(f"audit trail intact: {result.verified} entries verified")
        else:
            broken = result.first_break
            self.stdout.write(
                f"audit trail BROKEN at entry #{broken.sequence}: {broken.reason} "
                f"({result.verified} entries before it verified)"
            )
        if not result.ok:
            raise SystemExit(1)


def _as_json(result: Verification, checked_at: str) -> dict[str, Any]:
    broken = result.first_break
    return {
        "ok": result.ok,
        "verified": result.verified,
        "head": (
            None
            if result.head_sequence is None
            else {"sequence": result.head_sequence, "hash": result.head_hash}
        ),
        "first_break": (
            None if broken is None else {"sequence": broken.sequence, "reason": broken.reason}
        ),
        "checked_at": checked_at,
    }
