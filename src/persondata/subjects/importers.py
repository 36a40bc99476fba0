"""Importing data subjects from a CSV or JSONL file (``persondata subjects import``).

The column mapping is documented in ``docs/import.md``. The rules:

- The file is refused before it is read when it is larger than
  ``settings.IMPORT_MAX_BYTES``, and as a whole when it is not UTF-8, when
  the CSV header names an unknown column, or when a data category column is
  one the activity does not declare: every row would be wrong.
- Every row is checked before anything is written (pass 1). Problems are
  collected as "row 17, column email: 'x@' is not an e-mail address"; any
  problem rejects the whole file, unless ``skip_invalid``, which imports
  the good rows and reports each skipped one. Rows are numbered by the line
  they start on, so the header is row 1, as in a spreadsheet.
- Then the file is read again and written in batches (pass 2): one
  transaction per batch with ``bulk_create``, one ``subjects.import_batch``
  audit entry summarising it (rows, the range of subject ids it created,
  counts), and the retention engine recomputes the batch's subjects. A
  final ``subjects.import`` entry sums up the file. Reading twice keeps the
  memory small for a million rows; a row that no longer passes in pass 2
  (the file changed in between) stops the import, leaving the batches
  before it imported, as the report says.
"""

from __future__ import annotations

import csv
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from persondata.audit.actions import write_audit_entry
from persondata.retention import engine
from persondata.subjects import checks
from persondata.subjects.actions import create_organisation
from persondata.subjects.checks import RegisterError
from persondata.subjects.importrows import (
    IDENTITY_COLUMNS,
    CleanRow,
    ImportProblem,
    MalformedRow,
    RowChecker,
)
from persondata.subjects.models import ContactLink, DataSubject, Organisation, PurposeLink, Record
from persondata.subjects.sensitive import (
    cpr_digest,
    is_encrypted_category,
    seal_cpr,
    seal_record_value,
)

BATCH_SIZE = 5000
# How many existing identifiers are looked up in one query.
LOOKUP_CHUNK = 500
Progress = Callable[[str, int, int], None]


class ImportRejected(RegisterError):
    """The file was refused; nothing was imported. ``problems`` names each row and column."""

    def __init__(self, file: str, problems: list[ImportProblem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(
            f"{file}: {len(problems)} problem(s); nothing was imported\n"
            + "\n".join(str(p) for p in problems[:50])
            + (f"\n... and {len(problems) - 50} more" if len(problems) > 50 else "")
        )


@dataclass
class ImportReport:
    file: str
    activity: str
    sha256: str = ""
    rows: int = 0
    imported: int = 0
    records: int = 0
    contact_links: int = 0
    batches: int = 0
    skipped: list[ImportProblem] = field(default_factory=list)

    @property
    def skipped_rows(self) -> list[int]:
        return sorted({p.row for p in self.skipped if p.row is not None})


def import_subjects(
    *,
    path: str | Path,
    activity: str,
    actor: str,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import every row of the file as a new data subject with its records,
    each record linked to ``activity``.

    Raises ImportRejected (nothing imported) for a file that is too large,
    not UTF-8, of an unknown format or with a bad header, and for any bad
    row unless ``skip_invalid``; RegisterError for an unknown activity or
    before a declaration is applied.
    """
    source = Path(path)
    file = source.name
    declaration = checks.require_declaration()
    checks.check_activity(activity, declaration)
    _refuse_large_or_missing(source)
    reader = _reader_for(source)
    checker = RowChecker(declaration, activity=activity, now=timezone.now())
    total = source.stat().st_size
    report = ImportReport(file=file, activity=activity)

    # Pass 1: check every row, remember identifiers to find duplicates.
    problems: list[ImportProblem] = []
    bad_rows: set[int] = set()
    seen: dict[str, dict[str, int]] = {"email": {}, "customer_number": {}, "cpr": {}}
    digest = hashlib.sha256()
    for row, values, done in reader(source, checker, digest):
        report.rows += 1
        result = checker.clean(row, values)
        if isinstance(result, list):
            problems.extend(result)
            bad_rows.add(row)
        else:
            for problem in _file_duplicates(result, seen):
                problems.append(problem)
                bad_rows.add(row)
        if progress and report.rows % 1000 == 0:
            progress("check", done, total)
    report.sha256 = digest.hexdigest()
    for problem in _register_duplicates(seen):
        problems.append(problem)
        if problem.row is not None:
            bad_rows.add(problem.row)
    if progress:
        progress("check", total, total)
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    if problems and not skip_invalid:
        raise ImportRejected(file, problems)
    report.skipped = problems

    # Pass 2: write the good rows in batches.
    organisations: dict[tuple[str, str], Organisation] = {}
    batch: list[CleanRow] = []
    for row, values, done in reader(source, checker, hashlib.sha256()):
        if row in bad_rows:
            continue
        result = checker.clean(row, values)
        if isinstance(result, list):
            raise RegisterError(
                f"{file} changed while it was imported (row {row} no longer passes: "
                f"{result[0]}); {report.imported} subjects from the rows before were imported"
            )
        batch.append(result)
        if len(batch) >= batch_size:
            _write_batch(batch, report=report, actor=actor, organisations=organisations)
            batch = []
            if progress:
                progress("import", done, total)
    if batch:
        _write_batch(batch, report=report, actor=actor, organisations=organisations)
    if progress:
        progress("import", total, total)
    write_audit_entry(
        action="subjects.import",
        actor=actor,
        object_type="import",
        object_id=report.sha256[:16],
        details={
            "file_sha256": report.sha256,
            "activity": activity,
            "rows": report.rows,
            "imported": report.imported,
            "records": report.records,
            "batches": report.batches,
            "skipped_rows": report.skipped_rows[:1000],
            "skipped": len(report.skipped_rows),
        },
    )
    return report


def _refuse_large_or_missing(source: Path) -> None:
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise ImportRejected(
            source.name, [ImportProblem(None, None, f"cannot read: {exc}")]
        ) from None
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise ImportRejected(
            source.name,
            [
                ImportProblem(
                    None,
                    None,
                    f"the file is {size:,} bytes; the largest accepted is {limit:,} bytes "
                    "(PERSONDATA_IMPORT_MAX_BYTES). Split it into smaller files.",
                )
            ],
        )


# A reader yields (row number, values by column, bytes read so far); it
# feeds every byte it reads to the digest it is given.
RowReader = Callable[[Path, RowChecker, Any], Iterator[tuple[int, dict[str, Any], int]]]


def _reader_for(source: Path) -> RowReader:
    suffix = source.suffix.lower()
    if suffix == ".csv":
        return _csv_rows
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl_rows
    raise ImportRejected(
        source.name,
        [ImportProblem(None, None, "cannot tell the format: name the file .csv or .jsonl")],
    )


def _utf8_lines(handle: IO[bytes], file: str, digest: Any) -> Iterator[tuple[str, int]]:
    """Each line decoded, with the bytes read so far; ImportRejected at the
    first line that is not UTF-8 (naming its row and byte)."""
    offset = 0
    for number, raw in enumerate(handle, start=1):
        digest.update(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1]
            raise ImportRejected(
                file,
                [
                    ImportProblem(
                        number,
                        None,
                        f"byte {offset + exc.start + 1} ({bad!r}) is not UTF-8; the file must "
                        "be UTF-8 (in Excel: save as 'CSV UTF-8'); nothing was imported",
                    )
                ],
            ) from None
        offset += len(raw)
        yield (text.removeprefix("\ufeff") if number == 1 else text), offset


def _csv_rows(
    source: Path, checker: RowChecker, digest: Any
) -> Iterator[tuple[int, dict[str, Any], int]]:
    with source.open("rb") as handle:
        position = [0]

        def lines() -> Iterator[str]:
            for text, done in _utf8_lines(handle, source.name, digest):
                position[0] = done
                yield text

        reader = csv.reader(lines(), strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise ImportRejected(
                source.name, [ImportProblem(None, None, "the file is empty")]
            ) from None
        except csv.Error as exc:
            raise ImportRejected(source.name, [ImportProblem(1, None, f"{exc}")]) from None
        columns = [name.strip() for name in header]
        header_problems = checker.check_columns(columns)
        if header_problems:
            raise ImportRejected(source.name, header_problems)
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield start, {"": MalformedRow(f"is not valid CSV: {exc}")}, position[0]
                continue
            if not fields or fields == [""]:
                continue
            if len(fields) != len(columns):
                message = f"has {len(fields)} fields, the header has {len(columns)}"
                yield start, {"": MalformedRow(message)}, position[0]
                continue
            yield start, dict(zip(columns, fields, strict=True)), position[0]


def _jsonl_rows(
    source: Path, checker: RowChecker, digest: Any
) -> Iterator[tuple[int, dict[str, Any], int]]:
    with source.open("rb") as handle:
        for number, (text, offset) in enumerate(_utf8_lines(handle, source.name, digest), 1):
            if not text.strip():
                continue
            try:
                values = json.loads(text)
            except json.JSONDecodeError as exc:
                yield number, {"": MalformedRow(f"is not valid JSON: {exc.msg}")}, offset
                continue
            if not isinstance(values, dict):
                yield number, {"": MalformedRow("is not a JSON object")}, offset
                continue
            yield number, values, offset


def _file_duplicates(row: CleanRow, seen: dict[str, dict[str, int]]) -> Iterator[ImportProblem]:
    for column in ("email", "customer_number", "cpr"):
        value = getattr(row, column)
        if not value:
            continue
        first = seen[column].setdefault(value, row.row)
        if first != row.row:
            label = {"email": "e-mail address", "customer_number": "customer number"}.get(
                column, "CPR number"
            )
            yield ImportProblem(row.row, column, f"the same {label} as row {first}")


def _register_duplicates(seen: dict[str, dict[str, int]]) -> Iterator[ImportProblem]:
    lookups = (
        ("email", "email", "e-mail address", lambda v: v),
        ("customer_number", "customer_number", "customer number", lambda v: v),
        ("cpr", "cpr_digest", "CPR number", cpr_digest),
    )
    for column, model_field, label, stored in lookups:
        by_stored = {stored(value): row for value, row in seen[column].items()}
        keys = list(by_stored)
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start : start + LOOKUP_CHUNK]
            existing = DataSubject.objects.filter(**{f"{model_field}__in": chunk})
            for value, key in existing.values_list(model_field, "key"):
                yield ImportProblem(
                    by_stored[value],
                    column,
                    f"subject {key} in the register already has this {label}",
                )


def _write_batch(
    batch: list[CleanRow],
    *,
    report: ImportReport,
    actor: str,
    organisations: dict[tuple[str, str], Organisation],
) -> None:
    now = timezone.now()
    declaration = checks.require_declaration()
    encrypted: dict[str, bool] = {}
    with transaction.atomic():
        subjects: list[DataSubject] = []
        for row in batch:
            key = uuid.uuid4()
            subjects.append(
                DataSubject(
                    key=key,
                    categories=row.categories,
                    display_name=row.name,
                    email=row.email,
                    phone=row.phone,
                    customer_number=row.customer_number,
                    cpr_encrypted=seal_cpr(subject_key=str(key), cpr=row.cpr) if row.cpr else "",
                    cpr_digest=cpr_digest(row.cpr) if row.cpr else "",
                    language=row.language,
                    created_at=now,
                    updated_at=now,
                )
            )
        DataSubject.objects.bulk_create(subjects)
        records: list[Record] = []
        contact_links: list[ContactLink] = []
        for row, subject in zip(batch, subjects, strict=True):
            for category, value in row.records:
                if category not in encrypted:
                    encrypted[category] = is_encrypted_category(category, declaration)
                record = Record(
                    subject=subject,
                    data_category=category,
                    source=row.source,
                    collected_at=row.collected_at,
                    updated_at=now,
                )
                if encrypted[category]:
                    record.value_encrypted = seal_record_value(
                        subject_key=str(subject.key), data_category=category, value=value
                    )
                else:
                    record.value = value
                records.append(record)
            if row.organisation or row.organisation_cvr:
                organisation = _organisation(row, actor=actor, cache=organisations)
                contact_links.append(
                    ContactLink(
                        person=subject,
                        organisation=organisation,
                        started=timezone.localdate(row.collected_at),
                    )
                )
        Record.objects.bulk_create(records)
        PurposeLink.objects.bulk_create(
            PurposeLink(
                record=record, subject=record.subject, activity=report.activity, created_at=now
            )
            for record in records
        )
        ContactLink.objects.bulk_create(contact_links)
        ids = [subject.pk for subject in subjects]
        write_audit_entry(
            action="subjects.import_batch",
            actor=actor,
            object_type="import",
            object_id=f"{report.file[:60]}#{report.batches + 1}",
            details={
                "activity": report.activity,
                "rows": [batch[0].row, batch[-1].row],
                "subjects": len(subjects),
                "subject_ids": [min(ids), max(ids)],
                "records": len(records),
                "encrypted_records": sum(1 for r in records if r.value_encrypted is not None),
                "contact_links": len(contact_links),
            },
        )
        engine.recompute_subjects(ids)
    report.batches += 1
    report.imported += len(subjects)
    report.records += len(records)
    report.contact_links += len(contact_links)


def _organisation(
    row: CleanRow, *, actor: str, cache: dict[tuple[str, str], Organisation]
) -> Organisation:
    """The organisation of a contact person's row: found by CVR number, or by
    name among those without one, else created (audited)."""
    cache_key = (row.organisation_cvr, "" if row.organisation_cvr else row.organisation)
    organisation = cache.get(cache_key)
    if organisation is None:
        query = (
            Organisation.objects.filter(cvr=row.organisation_cvr)
            if row.organisation_cvr
            else Organisation.objects.filter(cvr="", name=row.organisation)
        )
        organisation = query.order_by("id").first() or create_organisation(
            actor=actor, name=row.organisation, cvr=row.organisation_cvr
        )
        cache[cache_key] = organisation
    return organisation


__all__ = ["IDENTITY_COLUMNS", "ImportProblem", "ImportRejected", "ImportReport", "import_subjects"]
