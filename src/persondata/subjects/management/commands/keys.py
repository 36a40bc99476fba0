"""persondata keys rotate|status|generate"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from persondata.lib.crypto import CryptoError, new_key_entry
from persondata.subjects.keyrotation import DEFAULT_BATCH, rotate_keys, values_per_key
from persondata.subjects.sensitive import key_ring

KIND_LABELS = {
    "cpr": "CPR number(s)",
    "records": "record(s)",
    "rectifications": "proposed correction(s)",
    "answers": "answer file(s)",
}


class Command(BaseCommand):
    help = "Field encryption keys: re-encrypt under the current key, count values per key."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="subcommand", required=True, metavar="rotate|status|generate"
        )
        rotate = sub.add_parser(
            "rotate", help="re-encrypt every value not under the current (first) key"
        )
        rotate.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="values per batch")
        rotate.add_argument("--actor", default="cli", help="who rotates (for the audit trail)")
        sub.add_parser("status", help="how many encrypted values each key holds")
        generate = sub.add_parser("generate", help="print a new key entry (id:base64key)")
        generate.add_argument("--id", default=None, help="the key id (default: k + UTC time)")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["subcommand"])(options)

    def _rotate(self, options: dict[str, Any]) -> None:
        try:
            report = rotate_keys(actor=options["actor"], batch_size=options["batch"])
        except (CryptoError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        counts = ", ".join(
            f"{report.reencrypted[kind]} {label}" for kind, label in KIND_LABELS.items()
        )
        self.stdout.write(
            f"re-encrypted {counts} under key '{report.current_key}' in {report.batches} batch(es)"
        )
        cleared = sum(report.cleared.values())
        if cleared:
            self.stdout.write(
                f"cleared {cleared} proposed correction(s) whose record was erased "
                "(no one could read them any more)"
            )

    def _status(self, options: dict[str, Any]) -> None:
        ring = key_ring()
        counts = values_per_key()
        known = [key_id for key_id, _ in ring.keys]
        found = [key_id for per_kind in counts.values() for key_id in per_kind]
        for key_id in dict.fromkeys([*known, *found]):
            role = "current" if key_id == ring.current_id else "old"
            if key_id not in known:
                role = "MISSING from the key ring"
            held = ", ".join(
                f"{counts[kind][key_id]} {label}" for kind, label in KIND_LABELS.items()
            )
            self.stdout.write(f"{key_id} ({role}): {held}")

    def _generate(self, options: dict[str, Any]) -> None:
        try:
            self.stdout.write(new_key_entry(options["id"]))
        except CryptoError as exc:
            raise CommandError(str(exc)) from None
