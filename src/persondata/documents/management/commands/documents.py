"""persondata documents policy|policy-diff|records|recipients"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from persondata.documents.pdf import PdfUnavailable, render_policy_pdf
from persondata.documents.policy_diff import describe_changes
from persondata.documents.privacy_policy import PolicyVersion, build_policy
from persondata.documents.records import KINDS, RecordTable, recipient_register, record_for
from persondata.documents.rendering import (
    generated_line,
    render_policy_html,
    render_policy_markdown,
    render_table_html,
)
from persondata.documents.spreadsheets import table_to_csv, table_to_xlsx
from persondata.documents.versions import VersionNotFound, policy_source
from persondata.policy.loader import load_file
from persondata.policy.schema import Declaration

LANGS = ("da", "en")
BINARY_FORMATS = ("pdf", "xlsx")


class Command(BaseCommand):
    help = "Write the privacy policy, the Art. 30 records and the recipient register."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="subcommand", required=True, metavar="policy|policy-diff|records|recipients"
        )
        policy = sub.add_parser("policy", help="the privacy policy (GDPR Art. 13 and 14)")
        policy.add_argument("--format", choices=["html", "md", "pdf"], default="html")
        self._source_arguments(policy)

        diff = sub.add_parser("policy-diff", help="what changed in the policy between versions")
        diff.add_argument("old", type=int, metavar="A", help="the earlier version number")
        diff.add_argument("new", type=int, metavar="B", help="the later version number")
        diff.add_argument("--lang", choices=LANGS, default="da")

        records = sub.add_parser("records", help="the record of processing activities (Art. 30)")
        records.add_argument("--kind", choices=KINDS, default="controller")
        records.add_argument("--format", choices=["xlsx", "csv", "html"], default="xlsx")
        self._source_arguments(records)

        recipients = sub.add_parser("recipients", help="the register of recipients and processors")
        recipients.add_argument("--format", choices=["xlsx", "csv", "html"], default="xlsx")
        self._source_arguments(recipients)

    def _source_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--lang", choices=LANGS, default="da")
        parser.add_argument(
            "--version",
            type=int,
            dest="declaration_version",
            metavar="N",
            help="an applied declaration version (default: the current one)",
        )
        parser.add_argument(
            "--file", help="a declaration file to use instead of the applied declaration"
        )
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write here (default: standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)

    def _source(self, options: dict[str, Any]) -> tuple[Declaration, PolicyVersion]:
        path = options.get("file")
        number = options.get("declaration_version")
        if path and number is not None:
            raise CommandError("give either --file or --version, not both")
        if path:
            result = load_file(path)
            if not result.ok or result.declaration is None:
                for problem in result.errors:
                    self.stderr.write(str(problem))
                raise CommandError(f"{path} has errors; no document was written")
            declaration = result.declaration
            return declaration, PolicyVersion(effective=declaration.controller.effective_from)
        try:
            return policy_source(number)
        except VersionNotFound as exc:
            raise CommandError(str(exc)) from None

    def _write(self, options: dict[str, Any], content: str | bytes, default_name: str) -> None:
        output = options.get("output")
        if output is None and isinstance(content, bytes):
            output = default_name
        if output is None:
            self.stdout.write(str(content), ending="" if str(content).endswith("\n") else "\n")
            return
        path = Path(output)
        try:
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
        self.stderr.write(f"wrote {path}")

    def _policy(self, options: dict[str, Any]) -> None:
        declaration, version = self._source(options)
        lang, fmt = options["lang"], options["format"]
        document = build_policy(declaration, lang, version=version)
        content: str | bytes
        if fmt == "md":
            content = render_policy_markdown(document)
        elif fmt == "pdf":
            try:
                content = render_policy_pdf(document)
            except PdfUnavailable as exc:
                raise CommandError(str(exc)) from None
        else:
            content = render_policy_html(document, standalone=True)
        stem = "privatlivspolitik" if lang == "da" else "privacy-policy"
        suffix = f"-v{version.number}" if version.number is not None else ""
        self._write(options, content, f"{stem}{suffix}.{fmt}")

    def _policy_diff(self, options: dict[str, Any]) -> None:
        try:
            old, _old = policy_source(options["old"])
            new, _new = policy_source(options["new"])
        except VersionNotFound as exc:
            raise CommandError(str(exc)) from None
        changes = describe_changes(old, new, options["lang"])
        if not changes:
            self.stdout.write(
                f"no changes to the privacy policy from version {options['old']} "
                f"to version {options['new']}"
            )
            return
        for change in changes:
            self.stdout.write(f"- {change}")

    def _records(self, options: dict[str, Any]) -> None:
        declaration, version = self._source(options)
        table = record_for(options["kind"], declaration, options["lang"])
        self._table(options, table, declaration, version, f"art30-{options['kind']}")

    def _recipients(self, options: dict[str, Any]) -> None:
        declaration, version = self._source(options)
        table = recipient_register(declaration, options["lang"])
        self._table(options, table, declaration, version, "recipients")

    def _table(
        self,
        options: dict[str, Any],
        table: RecordTable,
        declaration: Declaration,
        version: PolicyVersion,
        stem: str,
    ) -> None:
        fmt, lang = options["format"], options["lang"]
        now = timezone.localtime()
        content: str | bytes
        if fmt == "xlsx":
            content = table_to_xlsx(
                table,
                lang=lang,
                controller=declaration.controller.name,
                generated=now,
                version=version.number,
            )
        elif fmt == "csv":
            content = table_to_csv(table)
        else:
            content = render_table_html(
                table,
                lang=lang,
                controller=declaration.controller.name,
                generated_line=generated_line(now, version.number, lang),
                standalone=True,
            )
        suffix = f"-v{version.number}" if version.number is not None else ""
        self._write(options, content, f"{stem}{suffix}-{lang}.{fmt}")
