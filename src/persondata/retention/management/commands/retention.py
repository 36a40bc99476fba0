"""persondata retention plan|sweep|reviews|recompute"""

from __future__ import annotations

import json
from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from persondata.policy.queries import current_declaration
from persondata.retention import engine, sweep
from persondata.retention.locking import LockBusy, exclusive
from persondata.retention.reviews import overdue_reviews


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        # argparse turns this into "argument --as-of: ..." and exit status 2.
        raise ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def _rule_words(activity_key: str, rule_index: int | None, lang: str = "en") -> str:
    declaration = current_declaration()
    if declaration is None or rule_index is None:
        return "no single rule" if rule_index is None else f"rule #{rule_index}"
    activity = declaration.activities.get(activity_key)
    if activity is None or rule_index >= len(activity.retention):
        return f"rule #{rule_index}"
    try:
        from persondata.documents.retention_wording import describe_rule
    except ImportError:
        return f"rule #{rule_index}"
    return describe_rule(activity.retention[rule_index], lang, declaration)


class Command(BaseCommand):
    help = "Plan and run retention-driven erasure; list records due for review."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        p = sub.add_parser("plan", help="dry run: what a sweep would erase")
        p.add_argument("--as-of", type=_date, help="the sweep date (default today)")
        p.add_argument("--json", action="store_true")
        s = sub.add_parser("sweep", help="erase what is due, in audited batches")
        s.add_argument("--as-of", type=_date, help="the sweep date (default today)")
        s.add_argument("--batch", type=int, default=sweep.DEFAULT_BATCH)
        s.add_argument("--quiet", action="store_true", help="no progress bar")
        r = sub.add_parser("reviews", help="records past their activity's review_every")
        r.add_argument("--limit", type=int, default=100)
        sub.add_parser(
            "recompute", help="recompute every stored due date and repair records' dates"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["subcommand"])(options)

    def _plan(self, options: dict[str, Any]) -> None:
        result = sweep.plan(as_of=options["as_of"])
        if options["json"]:
            payload = {
                "as_of": result.as_of.isoformat(),
                "records": result.records,
                "subjects": result.subjects,
                "groups": [
                    {
                        "activity": g.activity,
                        "rule": g.rule_index,
                        "rule_text": _rule_words(g.activity, g.rule_index),
                        "records": g.records,
                        "examples": g.examples,
                    }
                    for g in result.groups
                ],
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        self.stdout.write(
            f"A sweep as of {result.as_of} would erase {result.records} record(s) "
            f"of {result.subjects} subject(s)."
        )
        if not result.groups:
            return
        table = Table("activity", "rule", "records", "examples")
        for group in result.groups:
            table.add_row(
                group.activity,
                _rule_words(group.activity, group.rule_index),
                str(group.records),
                "\n".join(group.examples),
            )
        Console(file=cast(IO[str], self.stdout), width=160).print(table)

    def _sweep(self, options: dict[str, Any]) -> None:
        try:
            if options["quiet"]:
                result = sweep.sweep(as_of=options["as_of"], batch=options["batch"])
            else:
                with Progress(console=Console(file=cast(IO[str], self.stderr))) as bar:
                    task = bar.add_task("sweeping", total=None)

                    def advance(done: int, total: int) -> None:
                        bar.update(task, completed=done, total=total)

                    result = sweep.sweep(
                        as_of=options["as_of"], batch=options["batch"], progress=advance
                    )
        except LockBusy as exc:
            raise CommandError(str(exc)) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"sweep {result.run.pk} as of {result.run.as_of}: {result.deleted} deleted, "
            f"{result.anonymised} anonymised, {result.subjects_removed} subject(s) removed "
            f"in {result.batches} batch(es)"
        )

    def _reviews(self, options: dict[str, Any]) -> None:
        declaration = current_declaration()
        if declaration is None:
            raise CommandError("no declaration has been applied yet")
        rows = overdue_reviews(declaration, limit=options["limit"])
        self.stdout.write(f"{len(rows)} record(s) overdue for review")
        for row in rows:
            self.stdout.write(
                f"record {row.record_id} ({row.data_category}) for {row.activity}: last confirmed "
                f"{row.last_confirmed}, review due {row.review_due} -> {row.action}"
            )

    def _recompute(self, options: dict[str, Any]) -> None:
        try:
            with (
                exclusive(sweep.SWEEP_LOCK),
                Progress(console=Console(file=cast(IO[str], self.stderr))) as bar,
            ):
                task = bar.add_task("recomputing", total=None)
                changed = engine.recompute_all(
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                    repair=True,
                )
        except LockBusy as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{changed} due date(s) changed")
