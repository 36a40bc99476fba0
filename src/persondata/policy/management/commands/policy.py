"""persondata policy check|apply|show"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from persondata.policy.loader import LoadResult, load_file


class Command(BaseCommand):
    help = "Check, apply and show the processing declaration."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="check|apply|show")
        check = sub.add_parser("check", help="check a declaration file; exit 1 on any error")
        check.add_argument("file")
        check.add_argument("--json", action="store_true", help="print problems as JSON")
        apply = sub.add_parser("apply", help="store a declaration as a new version")
        apply.add_argument("file")
        apply.add_argument("--actor", default="", help="who applies it (for the audit trail)")
        apply.add_argument(
            "--defer-recompute",
            action="store_true",
            help="leave recomputing the stored due dates to the worker (large registers)",
        )
        apply.add_argument(
            "--allow-removal",
            action="store_true",
            help="apply even if it drops activities the register holds data for "
            "(that data becomes due for erasure at once)",
        )
        show = sub.add_parser("show", help="print the applied declaration in words")
        show.add_argument("--lang", choices=["da", "en"], default="en")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _report(self, result: LoadResult, as_json: bool) -> None:
        if as_json:
            payload = {
                "file": result.file,
                "ok": not result.errors,
                "errors": len(result.errors),
                "warnings": len(result.warnings),
                "problems": [p.as_dict() for p in result.problems],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for problem in result.problems:
            self.stdout.write(str(problem))
        summary = f"{result.file}: {len(result.errors)} error(s), {len(result.warnings)} warning(s)"
        self.stdout.write(summary)

    def _check(self, options: dict[str, Any]) -> None:
        result = load_file(options["file"])
        self._report(result, options["json"])
        if result.errors:
            raise SystemExit(1)

    def _apply(self, options: dict[str, Any]) -> None:
        from persondata.policy.actions import DeclarationRejected, apply_declaration

        try:
            version, created = apply_declaration(
                path=options["file"],
                actor_label=options["actor"],
                allow_removal=options["allow_removal"],
            )
        except DeclarationRejected as exc:
            self._report(exc.result, as_json=False)
            if exc.removed_in_use:
                self.stdout.write(
                    "to apply it anyway and let that data be erased: "
                    f"persondata policy apply --allow-removal {options['file']}"
                )
            self.stderr.write("nothing was applied")
            raise SystemExit(1) from None
        if created:
            self.stdout.write(f"applied {options['file']} as declaration version {version.number}")
            self._recompute(defer=options["defer_recompute"])
        else:
            self.stdout.write(
                f"{options['file']} is identical to the current version {version.number}; "
                "nothing changed"
            )

    def _recompute(self, *, defer: bool) -> None:
        """Bring every stored due date in line with the new version (SPEC 3)."""
        from persondata.retention import engine, tasks
        from persondata.retention.locking import LockBusy, exclusive

        if defer:
            tasks.enqueue_recompute()
            self.stdout.write("due dates will be recomputed by the worker (persondata worker)")
            return
        try:
            with exclusive("retention-sweep"):
                changed = engine.recompute_all()
        except LockBusy:
            tasks.enqueue_recompute()
            self.stdout.write(
                "a sweep is running; due dates will be recomputed by the worker afterwards"
            )
            return
        self.stdout.write(f"due dates recomputed: {changed} changed")

    def _show(self, options: dict[str, Any]) -> None:
        from persondata.policy.queries import current_version, declaration_of
        from persondata.policy.summary import summarize

        version = current_version()
        if version is None:
            raise CommandError(
                "no declaration has been applied yet; run 'persondata policy apply FILE'"
            )
        self.stdout.write(summarize(declaration_of(version), version=version, lang=options["lang"]))
