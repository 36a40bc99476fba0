"""The API's request and response shapes (pydantic, via django-ninja).

Text input is refused at the door when a database could not store it: NUL
and other control characters (tabs and line breaks are allowed in free
text), lone surrogates, and text longer than its column. Dates must lie
between 1900 and 2999, which covers every real fact and keeps date
arithmetic away from the calendar's ends. The register's own checks
(``subjects/checks.py``) then decide what is accepted.

Sensitive values (a CPR number, records of an encrypted category) are
``null`` in every response unless the client asked with ``reveal=true``;
``has_cpr`` and ``encrypted`` say that there is something to reveal.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)

_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _storable(text: str, pattern: re.Pattern[str], what: str) -> str:
    if pattern.search(text):
        raise ValueError(f"must not contain control characters ({what})")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode text (it holds a lone surrogate)") from None
    return text


def check_line(text: str) -> str:
    """``text`` unchanged; ValueError if it holds a control character or a lone surrogate."""
    return _storable(text, _LINE_CONTROL, "a single line of text is expected")


def check_free_text(text: str) -> str:
    """As check_line, but tabs and line breaks are allowed."""
    return _storable(text, _TEXT_CONTROL, "only tabs and line breaks are allowed")


def check_day(day: date) -> date:
    """``day`` unchanged; ValueError outside 1900-01-01 .. 2999-12-31."""
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"must be between {EARLIEST.isoformat()} and {LATEST.isoformat()}")
    return day


def check_moment(moment: datetime) -> datetime:
    """``moment`` unchanged; ValueError if it has no time zone or its date is out of range."""
    if moment.tzinfo is None:
        raise ValueError("give a time with a time zone, e.g. 2026-03-01T09:00:00+01:00")
    check_day(moment.date())
    return moment


OneLine = Annotated[str, AfterValidator(check_line)]
FreeText = Annotated[str, Field(max_length=10_000), AfterValidator(check_free_text)]
Day = Annotated[date, AfterValidator(check_day)]
Moment = Annotated[datetime, AfterValidator(check_moment)]
CategoryKey = Annotated[OneLine, Field(min_length=1, max_length=120)]


class FieldError(BaseModel):
    field: str = Field(description="where: body.email, query.limit, path.key, ...")
    message: str


class Error(BaseModel):
    """Every error response: ``detail`` says what is wrong, and where."""

    detail: str
    errors: list[FieldError] | None = Field(
        default=None, description="one entry per invalid field (422 only)"
    )
    required_scope: str | None = Field(default=None, description="the missing scope (403 only)")


class Input(BaseModel):
    """Request bodies refuse unknown fields, so that a typo is an error, not a no-op."""

    model_config = ConfigDict(extra="forbid")


# -- subjects ------------------------------------------------------------------


class SubjectIn(Input):
    display_name: OneLine = Field(max_length=200)
    categories: list[CategoryKey] = Field(
        max_length=50, description="subject category keys of the declaration, e.g. customer"
    )
    email: OneLine = Field(default="", max_length=254)
    phone: OneLine = Field(default="", max_length=40)
    customer_number: OneLine = Field(default="", max_length=64)
    cpr: OneLine = Field(
        default="", max_length=20, description="stored only encrypted; returned only on reveal"
    )
    language: OneLine = Field(default="da", max_length=2, description="da or en")


class SubjectPatch(Input):
    """Only the fields given change; ``""`` clears an identifier."""

    display_name: OneLine | None = Field(default=None, max_length=200)
    categories: list[CategoryKey] | None = Field(default=None, max_length=50)
    email: OneLine | None = Field(default=None, max_length=254)
    phone: OneLine | None = Field(default=None, max_length=40)
    customer_number: OneLine | None = Field(default=None, max_length=64)
    cpr: OneLine | None = Field(default=None, max_length=20)
    language: OneLine | None = Field(default=None, max_length=2)


class SubjectOut(BaseModel):
    key: uuid.UUID = Field(description="the subject's stable id in URLs")
    display_name: str
    categories: list[str]
    email: str
    phone: str
    customer_number: str
    has_cpr: bool
    cpr: str | None = Field(description="null unless revealed (reveal=true)")
    language: str
    created_at: datetime
    updated_at: datetime
    restricted: bool = Field(description="processing restricted (Art. 18)")
    under_legal_hold: bool = Field(description="a legal hold is in force today")


class SubjectPage(BaseModel):
    count: int = Field(description="how many subjects match in all")
    limit: int
    offset: int
    items: list[SubjectOut]


class ErasureOut(BaseModel):
    key: uuid.UUID
    erased: dict[str, int] = Field(description="rows removed, by kind")


# -- records -------------------------------------------------------------------


class RecordIn(Input):
    data_category: CategoryKey
    value: FreeText = Field(min_length=1)
    source: OneLine = Field(
        max_length=200,
        description="data_subject, a recipient or subject category key, or 'public: <where>'",
    )
    collected_at: Moment | None = Field(default=None, description="default now")
    activities: list[CategoryKey] = Field(default_factory=list, max_length=50)


class RecordRectify(Input):
    value: FreeText = Field(min_length=1)
    source: OneLine | None = Field(default=None, max_length=200)


class LinkIn(Input):
    activity: CategoryKey


class LinkOut(BaseModel):
    activity: str
    due_on: date | None = Field(description="null: not due while its anchors have not occurred")
    due_reason: str = Field(
        description="why, in English words, computed when read from the applied declaration"
    )
    restricted: bool


class RecordOut(BaseModel):
    id: int
    data_category: str
    encrypted: bool
    value: str | None = Field(description="null for an encrypted record unless revealed")
    source: str
    collected_at: datetime
    updated_at: datetime
    last_confirmed_at: datetime | None
    links: list[LinkOut]


# -- events, relationships, holds ----------------------------------------------


class EventIn(Input):
    name: CategoryKey = Field(
        description="last_contact, last_purchase, registered or a declared event; not one the "
        "register derives (collected, relationship_*, employment_ended, consent_given:p, "
        "consent_withdrawn:p)"
    )
    occurred_on: Day
    note: FreeText = ""


class EventOut(BaseModel):
    id: int
    name: str
    occurred_on: date
    note: str
    created_at: datetime


class RelationshipIn(Input):
    kind: CategoryKey = Field(description="a subject category key, e.g. customer")
    started: Day


class RelationshipEnd(Input):
    ended: Day


class RelationshipOut(BaseModel):
    id: int
    kind: str
    started: date
    ended: date | None
    active: bool
    organisation_id: int | None = Field(
        description="set when the relationship is the organisation's the subject represents"
    )


class HoldIn(Input):
    reason: FreeText = Field(min_length=1)
    activity: CategoryKey | None = Field(default=None, description="null: every activity")
    starts_on: Day | None = Field(default=None, description="default today")
    ends_on: Day | None = Field(default=None, description="null: until lifted")


class HoldOut(BaseModel):
    id: int
    activity: str | None
    reason: str
    set_by: str
    starts_on: date
    ends_on: date | None
    lifted_at: datetime | None
    lifted_by: str
    created_at: datetime
    active: bool = Field(description="in force today")


# -- retention -----------------------------------------------------------------


class PlanGroupOut(BaseModel):
    activity: str
    rule: int | None = Field(description="index of the activity's retention rule")
    rule_definition: dict[str, object] | None = Field(
        description="the rule as declared (keep/after/... or on/within/...)"
    )
    records: int = Field(
        description="records whose last reason to be kept is this rule of this activity"
    )
    examples: list[str]


class PlanOut(BaseModel):
    as_of: date
    records: int
    subjects: int
    groups: list[PlanGroupOut]


class ReviewOut(BaseModel):
    record_id: int
    subject_key: uuid.UUID
    activity: str
    data_category: str
    last_confirmed: date
    review_due: date
    action: str = Field(description="flag or erase (the activity's unreviewed)")


# -- query parameters ----------------------------------------------------------


class RevealQuery(BaseModel):
    reveal: bool = Field(
        default=False,
        description="return CPR numbers and encrypted values in clear; each reading is audited",
    )
    purpose: OneLine = Field(
        default="",
        max_length=200,
        description="why the values are read (audit trail); default names the API request",
    )


class SubjectSearch(RevealQuery):
    email: OneLine = Field(default="", max_length=254, description="exact match")
    phone: OneLine = Field(default="", max_length=40, description="exact match (any format)")
    customer_number: OneLine = Field(default="", max_length=64, description="exact match")
    cpr: OneLine = Field(default="", max_length=20, description="exact match, by keyed digest")
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=1_000_000_000)


class ErasureQuery(BaseModel):
    reason: OneLine = Field(
        default="", max_length=200, description="a short non-personal label, e.g. a request number"
    )


class PlanQuery(BaseModel):
    as_of: Day | None = Field(default=None, description="YYYY-MM-DD; default today")


class ReviewQuery(BaseModel):
    limit: int = Field(default=100, ge=1, le=1000)
