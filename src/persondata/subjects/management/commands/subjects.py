"""persondata subjects import|export"""

from __future__ import annotations

import contextlib
import os
from argparse import ArgumentParser
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from persondata.lib.crypto import CryptoError
from persondata.subjects.checks import RegisterError
from persondata.subjects.exporters import export_subjects
from persondata.subjects.importers import BATCH_SIZE, ImportRejected, import_subjects

PHASES = {"check": "checking every row", "import": "importing"}


class Command(BaseCommand):
    help = "Import data subjects from CSV or JSONL; export the register as JSONL."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="import|export")
        imp = sub.add_parser(
            "import", help="import subjects and their records (column mapping: docs/import.md)"
        )
        imp.add_argument("file", help="a .csv (UTF-8, with a header) or .jsonl file")
        imp.add_argument("--activity", required=True, help="the activity every record is held for")
        imp.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the good rows and report each skipped one, instead of refusing the file",
        )
        imp.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        imp.add_argument("--actor", default="cli", help="who imports (for the audit trail)")
        imp.add_argument("--quiet", action="store_true", help="no progress bar")
        exp = sub.add_parser("export", help="write every subject as one JSON line (backups)")
        exp.add_argument("--output", "-o", default="-", help="file to write (default: stdout)")
        exp.add_argument(
            "--include-sensitive",
            action="store_true",
            help="decrypt CPR numbers and sensitive records into the export (audited)",
        )
        exp.add_argument("--purpose", default="backup", help="why (for the audit trail)")
        exp.add_argument("--actor", default="cli", help="who exports (for the audit trail)")
        exp.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["subcommand"])(options)

    def _progress(self, quiet: bool) -> Progress:
        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=Console(file=cast(IO[str], self.stderr)),
            disable=quiet,
        )

    def _import(self, options: dict[str, Any]) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        with self._progress(options["quiet"]) as bar:
            tasks: dict[str, Any] = {}

            def advance(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(PHASES.get(phase, phase), total=total)
                bar.update(tasks[phase], completed=done, total=total)

            try:
                report = import_subjects(
                    path=options["file"],
                    activity=options["activity"],
                    actor=options["actor"],
                    skip_invalid=options["skip_invalid"],
                    progress=advance,
                    batch_size=options["batch_size"],
                )
            except ImportRejected as exc:
                for problem in exc.problems:
                    self.stderr.write(f"{exc.file}: {problem}")
                self.stderr.write(
                    f"{exc.file}: {len(exc.problems)} problem(s); nothing was imported"
                    + ("" if options["skip_invalid"] else " (--skip-invalid imports the good rows)")
                )
                raise SystemExit(1) from None
            except RegisterError as exc:
                raise CommandError(str(exc)) from None
        for problem in report.skipped:
            self.stdout.write(f"skipped {report.file}: {problem}")
        self.stdout.write(
            f"{report.file}: {report.imported} subject(s) with {report.records} record(s) "
            f"imported for '{report.activity}' in {report.batches} batch(es); "
            f"{len(report.skipped_rows)} row(s) skipped"
        )

    def _export(self, options: dict[str, Any]) -> None:
        target = options["output"]
        with contextlib.ExitStack() as stack:
            if target == "-":
                handle = cast(IO[str], self.stdout)
            else:
                handle = stack.enter_context(_private_file(Path(target)))
            self._write_export(handle, options, quiet=options["quiet"] or target == "-")

    def _write_export(self, handle: IO[str], options: dict[str, Any], *, quiet: bool) -> None:
        try:
            with self._progress(quiet) as bar:
                task = bar.add_task("exporting", total=None)

                def advance(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                report = export_subjects(
                    out=handle,
                    actor=options["actor"],
                    include_sensitive=options["include_sensitive"],
                    purpose=options["purpose"],
                    progress=advance,
                )
        except (ValueError, CryptoError) as exc:
            raise CommandError(str(exc)) from None
        withheld = "" if options["include_sensitive"] else " (sensitive values withheld)"
        self.stderr.write(
            f"exported {report.subjects} subject(s) with {report.records} record(s){withheld}"
        )


def _private_file(path: Path) -> IO[str]:
    """A new file readable by its owner only: an export holds personal data.
    Refuses to overwrite an existing file."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CommandError(f"{path} exists; choose a new file name") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot create ({exc})") from None
    return os.fdopen(fd, "w", encoding="utf-8")
