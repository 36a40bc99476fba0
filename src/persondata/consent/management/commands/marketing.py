"""persondata marketing filter"""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from argparse import ArgumentParser
from collections import Counter
from datetime import datetime
from itertools import tee
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from persondata.consent.actions import record_list_check
from persondata.consent.address_lists import AddressListError, ListRow, open_address_list
from persondata.consent.eligibility import check_many
from persondata.lib.moments import parse_moment


class Command(BaseCommand):
    help = (
        "Filter a mailing list down to the addresses that may receive marketing now, with "
        "the reason for every other address."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="filter")
        filt = sub.add_parser(
            "filter",
            help="read addresses (one a line, or CSV with an email/phone column), write the "
            "allowed ones",
        )
        filt.add_argument("--channel", required=True, choices=("email", "sms"))
        filt.add_argument("--input", "-i", default="-", help="the list (default: stdin)")
        filt.add_argument(
            "--output", "-o", default="-", help="where the allowed rows go (default: stdout)"
        )
        filt.add_argument(
            "--report",
            default="",
            help="write line,address,reason for every refused address to this CSV file "
            "(default: one line each on stderr)",
        )
        filt.add_argument(
            "--at", default="", help="answer as of this time (ISO 8601; default: now)"
        )
        filt.add_argument("--actor", default="cli", help="who filters (for the audit trail)")

    def handle(self, *args: Any, **options: Any) -> None:
        at = _moment(options["at"])
        with contextlib.ExitStack() as stack:
            source = (
                io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
                if options["input"] == "-"
                else stack.enter_context(_open_input(options["input"]))
            )
            target = (
                cast(IO[str], self.stdout)
                if options["output"] == "-"
                else stack.enter_context(_open_output(options["output"], "--output"))
            )
            report = (
                stack.enter_context(_open_output(options["report"], "--report"))
                if options["report"]
                else None
            )
            counts = self._filter(source, target, report, options["channel"], at)
        record_list_check(
            actor=options["actor"],
            channel=options["channel"],
            checked=counts["checked"],
            eligible=counts["eligible"],
            via="cli",
        )
        refused = counts["checked"] - counts["eligible"]
        where = f" (reasons in {options['report']})" if options["report"] else ""
        self.stderr.write(
            f"{counts['eligible']} of {counts['checked']} address(es) may receive marketing "
            f"by {options['channel']}; {refused} may not{where}"
        )

    def _filter(
        self, source: IO[str], target: IO[str], report: IO[str] | None, channel: str, at: Any
    ) -> Counter[str]:
        try:
            address_list = open_address_list(source, channel)
        except AddressListError as exc:
            raise CommandError(str(exc)) from None
        counts: Counter[str] = Counter()
        writer = (
            csv.writer(target, delimiter=address_list.delimiter, lineterminator="\n")
            if address_list.header is not None and address_list.delimiter is not None
            else None
        )
        if writer is not None and address_list.header is not None:
            writer.writerow(address_list.header)
        report_writer = csv.writer(report, lineterminator="\n") if report is not None else None
        if report_writer is not None:
            report_writer.writerow(["line", "address", "reason"])
        rows, addresses = tee(address_list.rows)
        answers = check_many((row.address for row in addresses), channel, at=at)
        for row, answer in zip(rows, answers, strict=True):
            counts["checked"] += 1
            if answer.eligible:
                counts["eligible"] += 1
                _write_allowed(target, writer, row)
            elif report_writer is not None:
                report_writer.writerow([row.line, row.address, answer.reason])
            else:
                self.stderr.write(f"line {row.line}: {row.address}: {answer.reason}")
        return counts


def _write_allowed(target: IO[str], writer: Any, row: ListRow) -> None:
    if writer is not None and row.cells is not None:
        writer.writerow(row.cells)
    else:
        target.write(row.address + "\n")


def _open_input(name: str) -> IO[str]:
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"--input: {name} is not a file")
    return path.open(encoding="utf-8-sig", newline="")


def _open_output(name: str, option: str) -> IO[str]:
    path = Path(name)
    if not path.parent.is_dir():
        raise CommandError(f"{option}: the folder of {name} does not exist")
    return path.open("w", encoding="utf-8", newline="")


def _moment(text: str) -> datetime | None:
    if not text:
        return None
    try:
        value = parse_moment(text)
    except ValueError as exc:
        raise CommandError(f"--at: {exc}") from None
    if value > timezone.now():
        raise CommandError(f"--at: {text} is in the future; eligibility is known up to now")
    return value
