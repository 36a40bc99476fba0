"""Checking one row of an import file against the declaration; no database.

A row is a mapping of column names to values (CSV text, or JSON values from
a JSONL line). ``RowChecker.clean`` returns the row in normal form, or every
problem it has, each naming the row and the column. The column mapping is
documented in ``docs/import.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from persondata.policy.schema import Declaration
from persondata.policy.taxonomy import is_known_data_category, is_within_category
from persondata.subjects import checks, validation
from persondata.subjects.checks import RegisterError

IDENTITY_COLUMNS = (
    "name",
    "email",
    "phone",
    "customer_number",
    "cpr",
    "categories",
    "organisation",
    "organisation_cvr",
    "collected_at",
    "source",
    "language",
)
REQUIRED_COLUMNS = ("name", "categories")
CATEGORY_SEPARATOR = ";"
DEFAULT_SOURCE = "data_subject"


@dataclass(frozen=True)
class ImportProblem:
    """What is wrong, and where: ``row`` None is the file as a whole, ``column``
    None the row as a whole."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class MalformedRow:
    """Stands for a row that could not be split into columns (the only value, under "")."""

    message: str


@dataclass
class CleanRow:
    row: int
    name: str
    categories: list[str]
    email: str
    phone: str
    customer_number: str
    cpr: str
    organisation: str
    organisation_cvr: str
    collected_at: datetime
    source: str
    language: str
    records: list[tuple[str, str]]


class RowChecker:
    """Checks rows for an import into ``activity`` at ``now``; results that
    depend only on a column or a source are computed once per file."""

    def __init__(self, declaration: Declaration, *, activity: str, now: datetime) -> None:
        self.declaration = declaration
        self.activity_key = activity
        self.activity = declaration.activities[activity]
        self.now = now
        self.today = timezone.localdate(now)
        self._column_problems: dict[str, str | None] = {}
        self._sources: dict[str, str | RegisterError] = {}
        self._cleaners: tuple[tuple[str, Callable[[str], Any]], ...] = (
            ("name", self._name),
            ("email", lambda v: validation.normalise_email(v) if v else ""),
            ("phone", lambda v: validation.normalise_phone(v) if v else ""),
            ("customer_number", self._customer_number),
            ("cpr", lambda v: validation.normalise_cpr(v, today=self.today) if v else ""),
            ("categories", self._categories),
            ("organisation", self._organisation),
            ("organisation_cvr", lambda v: validation.normalise_cvr(v) if v else ""),
            ("collected_at", self._collected_at),
            ("source", self._source),
            ("language", self._language),
        )

    def column_problem(self, column: str) -> str | None:
        """Why ``column`` cannot be imported into the activity, or None."""
        if column not in self._column_problems:
            self._column_problems[column] = self._find_column_problem(column)
        return self._column_problems[column]

    def _find_column_problem(self, column: str) -> str | None:
        if column in IDENTITY_COLUMNS:
            return None
        if not is_known_data_category(column, self.declaration):
            return (
                f"'{column}' is neither an identity column ({', '.join(IDENTITY_COLUMNS)}) "
                "nor a known data category"
            )
        if not any(is_within_category(column, d, self.declaration) for d in self.activity.data):
            return (
                f"activity '{self.activity_key}' does not declare the data category '{column}' "
                f"(it declares {', '.join(self.activity.data)})"
            )
        return None

    def check_columns(self, columns: list[str]) -> list[ImportProblem]:
        """Problems of a CSV header (row 1): each refuses the whole file."""
        problems: list[ImportProblem] = []
        seen: set[str] = set()
        for position, column in enumerate(columns, start=1):
            if not column:
                problems.append(ImportProblem(1, None, f"column {position} has no name"))
                continue
            if column in seen:
                problems.append(ImportProblem(1, column, "appears twice in the header"))
            seen.add(column)
            problem = self.column_problem(column)
            if problem:
                problems.append(ImportProblem(1, column, problem))
        for required in REQUIRED_COLUMNS:
            if required not in seen:
                problems.append(ImportProblem(1, required, "the header has no such column"))
        return problems

    def clean(self, row: int, values: dict[str, Any]) -> CleanRow | list[ImportProblem]:
        """The row in normal form, or every problem it has."""
        malformed = values.get("")
        if isinstance(malformed, MalformedRow):
            return [ImportProblem(row, None, malformed.message)]
        problems: list[ImportProblem] = []
        texts: dict[str, str] = {}
        for column, raw in values.items():
            problem = self.column_problem(column) or _type_problem(column, raw)
            if problem:
                problems.append(ImportProblem(row, column, problem))
            else:
                texts[column] = _as_text(raw)
        for required in REQUIRED_COLUMNS:
            if required not in values:
                problems.append(ImportProblem(row, required, "is missing"))
        clean: dict[str, Any] = {}
        for column, function in self._cleaners:
            try:
                clean[column] = function(texts.get(column, ""))
            except (validation.InvalidValue, RegisterError) as exc:
                if column in texts:
                    problems.append(ImportProblem(row, column, _reason(exc, column)))
        records: list[tuple[str, str]] = []
        for column, text in texts.items():
            if column in IDENTITY_COLUMNS or not text:
                continue
            try:
                value = validation.normalise_record_value(
                    text, data_category=column, today=self.today, field=column
                )
            except validation.InvalidValue as exc:
                problems.append(ImportProblem(row, column, exc.reason))
            else:
                records.append((column, value))
        if clean.get("organisation_cvr") and not clean.get("organisation"):
            problems.append(
                ImportProblem(
                    row, "organisation", "give the organisation's name with its CVR number"
                )
            )
        categories = clean.get("categories")
        if records and categories is not None and not set(categories) & set(self.activity.subjects):
            problems.append(
                ImportProblem(
                    row,
                    "categories",
                    f"none of {', '.join(categories)} is a subject category of activity "
                    f"'{self.activity_key}' (it is for {', '.join(self.activity.subjects)})",
                )
            )
        if problems:
            return problems
        return CleanRow(row=row, records=records, **clean)

    def _name(self, text: str) -> str:
        if not text:
            raise RegisterError("is empty; every subject needs a name")
        if len(text) > 200:
            raise RegisterError("is longer than 200 characters")
        return checks.clean_text(text, field="name")

    def _customer_number(self, text: str) -> str:
        if len(text) > 64:
            raise RegisterError("is longer than 64 characters")
        return checks.clean_text(text, field="customer_number")

    def _organisation(self, text: str) -> str:
        if len(text) > 200:
            raise RegisterError("is longer than 200 characters")
        return checks.clean_text(text, field="organisation")

    def _categories(self, text: str) -> list[str]:
        keys = list(dict.fromkeys(k.strip() for k in text.split(CATEGORY_SEPARATOR) if k.strip()))
        if not keys:
            raise RegisterError("is empty; give one or more subject categories separated by ';'")
        for key in keys:
            checks.check_subject_category(key, self.declaration, field="categories")
        return keys

    def _collected_at(self, text: str) -> datetime:
        if not text:
            return self.now
        try:
            if len(text) == 10:
                moment = datetime.combine(date.fromisoformat(text), time())
            else:
                moment = datetime.fromisoformat(text)
        except ValueError:
            raise RegisterError(
                f"'{text}' is not a date or time; write 2025-12-31 or 2025-12-31T14:30"
            ) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        if moment > self.now:
            raise RegisterError(f"'{text}' is in the future")
        return moment

    def _source(self, text: str) -> str:
        text = text or DEFAULT_SOURCE
        if text not in self._sources:
            try:
                self._sources[text] = checks.check_source(text, self.declaration)
            except RegisterError as exc:
                self._sources[text] = exc
        result = self._sources[text]
        if isinstance(result, RegisterError):
            raise result
        return result

    def _language(self, text: str) -> str:
        if text and text not in checks.LANGUAGES:
            raise RegisterError(f"'{text}' is not da or en")
        return text or "da"


def _type_problem(column: str, raw: Any) -> str | None:
    if raw is None or isinstance(raw, str):
        return None
    if column == "categories" and isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        return None
    # A JSON number would lose a CPR number's or phone number's leading zero.
    return f"give the value as a JSON string, not {type(raw).__name__}"


def _as_text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, list):
        return CATEGORY_SEPARATOR.join(raw)
    return str(raw).strip()


def _reason(exc: Exception, column: str) -> str:
    if isinstance(exc, validation.InvalidValue):
        return exc.reason
    return str(exc).removeprefix(f"{column}: ")
