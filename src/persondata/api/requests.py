"""Data-subject-rights requests over HTTP: staff intake and handling.

Every change goes through ``rights/actions.py``, ``rights/execution.py`` and
``rights/delivery.py`` with the API key as actor. A request is named by its
number. Carrying out a request that erases data (an erasure request, an
upheld objection) needs the ``erase`` scope besides ``write``. Refusals (an
unverified request, an extension after the first month, ...) are 422 with
the action's message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, Field

from persondata.api.auth import READ, WRITE, MissingScope, request_key
from persondata.api.schemas import Error, FreeText, Moment, OneLine
from persondata.consent.errors import ConsentError
from persondata.documents.pdf import PdfUnavailable
from persondata.rights import actions, delivery, execution
from persondata.rights.checks import RightsError
from persondata.rights.models import RightsRequest
from persondata.rights.queries import request_details, request_summary, requests_for_staff
from persondata.subjects.checks import RegisterError

router = Router(tags=["requests"])

ERRORS: dict[int, type[Error]] = {401: Error, 403: Error, 404: Error, 422: Error}
WRITE_ERRORS: dict[int, type[Error]] = {400: Error, **ERRORS}
EXECUTE_ERRORS: dict[int, type[Error]] = {503: Error, **WRITE_ERRORS}
# The largest number a request can have (a 64-bit id); bigger ones are 422, not a crash.
LARGEST = 2**63 - 1

Kind = Literal[
    "access",
    "rectification",
    "erasure",
    "restriction",
    "portability",
    "objection",
    "consent_withdrawal",
]
Channel = Literal["web", "email", "phone", "letter", "in_person", "api"]
Status_ = Literal["received", "verified", "executed", "answered", "closed"]
T = TypeVar("T")


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RequestIn(Input):
    kind: Kind
    channel: Channel = "api"
    claimed_name: OneLine = Field(default="", max_length=200)
    claimed_email: OneLine = Field(default="", max_length=254)
    message: FreeText = Field(default="", description="the request in the person's own words")
    language: Literal["da", "en"] = "da"
    received_at: Moment | None = Field(default=None, description="when it arrived; default now")


class VerifyIn(Input):
    how: FreeText = Field(description="how the identity was checked", min_length=1)
    email: OneLine | None = Field(
        default=None, max_length=254, description="the address the answer may go to"
    )


class ExtendIn(Input):
    months: Literal[1, 2]
    reason: FreeText = Field(min_length=1)
    notice: Literal["email", "post"] = "email"


class ExecuteIn(Input):
    purposes: list[OneLine] | None = Field(
        default=None, max_length=50, description="consent withdrawal: purpose keys (default all)"
    )
    objection: Literal["direct_marketing", "legitimate_interest"] = "direct_marketing"
    decision: Literal["", "upheld", "rejected"] = ""
    activities: list[OneLine] | None = Field(default=None, max_length=50)
    reason: FreeText = ""


class AnswerIn(Input):
    delivery: Literal["link", "post"] = "link"


class CloseIn(Input):
    outcome: Literal["completed", "refused", "withdrawn", "unverified"] = "completed"
    note: FreeText = ""


class RequestListQuery(Schema):
    all: bool = Field(default=False, description="answered and closed requests too")
    status: Status_ | None = None


class RequestOut(BaseModel):
    number: int
    kind: str
    status: str
    channel: str
    received_at: datetime
    due_on: date
    extended_until: date | None
    deadline: date
    days_left: int = Field(description="negative when overdue")
    urgency: str = Field(description="overdue, due_today, near_due, on_time or done")
    verified: bool
    assigned_to: str | None


class StepOut(BaseModel):
    at: str
    kind: str
    actor: str
    detail: dict[str, Any]
    text: str


class DocumentOut(BaseModel):
    name: str
    format: str
    size: int
    sha256: str
    bundle: bool
    expires_at: str | None
    downloaded_at: str | None
    purged: bool


class ProposalOut(BaseModel):
    id: int
    record: int | None
    data_category: str
    status: str


class RequestDetailOut(RequestOut):
    language: str
    subject: str | None = Field(description="the subject's key, once found")
    history: list[StepOut]
    documents: list[DocumentOut]
    proposals: list[ProposalOut]


def _refusals(call: Callable[[], T]) -> T:
    try:
        return call()
    except (RightsError, RegisterError, ConsentError) as exc:
        raise HttpError(422, str(exc)) from None
    except PdfUnavailable as exc:
        raise HttpError(503, str(exc)) from None


def _request(number: int) -> RightsRequest:
    found = RightsRequest.objects.select_related("subject", "assigned_to").filter(pk=number).first()
    if found is None:
        raise HttpError(404, f"path.number: there is no request {number}")
    return found


def _detail(rights_request: RightsRequest) -> RequestDetailOut:
    fresh = _request(rights_request.pk)
    return RequestDetailOut(**request_details(fresh))


NumberPath = Path(..., ge=1, le=LARGEST, description="the request's number")


@router.get("", response={200: list[RequestOut], **ERRORS}, auth=READ)
def list_requests(request: HttpRequest, filters: Query[RequestListQuery]) -> list[RequestOut]:
    """Open requests, the most urgent first, with days left (or every request with ``all``)."""
    rows = requests_for_staff(include_done=filters.all, status=filters.status or "")
    return [RequestOut(**request_summary(r)) for r in rows]


@router.post("", response={201: RequestDetailOut, **WRITE_ERRORS}, auth=WRITE)
def create_request(request: HttpRequest, payload: RequestIn) -> Status[RequestDetailOut]:
    """Record a request received by phone, letter, e-mail or another system."""
    actor = request_key(request).actor_label
    created = _refusals(lambda: actions.receive_request(actor=actor, **payload.model_dump()))
    return Status(201, _detail(created))


@router.get("/{number}", response={200: RequestDetailOut, **ERRORS}, auth=READ)
def get_request(request: HttpRequest, number: int = NumberPath) -> RequestDetailOut:
    """One request with its history, answer files and proposed corrections."""
    return _detail(_request(number))


@router.post("/{number}/verify", response={200: RequestDetailOut, **WRITE_ERRORS}, auth=WRITE)
def verify_request(
    request: HttpRequest, payload: VerifyIn, number: int = NumberPath
) -> RequestDetailOut:
    """Record that staff checked the person's identity, and how."""
    actor = request_key(request).actor_label
    rights_request = _request(number)
    verified = _refusals(
        lambda: actions.verify_identity(
            actor=actor, rights_request=rights_request, how=payload.how, email=payload.email
        )
    )
    return _detail(verified)


@router.post("/{number}/extend", response={200: RequestDetailOut, **WRITE_ERRORS}, auth=WRITE)
def extend_request(
    request: HttpRequest, payload: ExtendIn, number: int = NumberPath
) -> RequestDetailOut:
    """Extend the deadline by 1 or 2 months, within the first month, with a reason;
    the notice is e-mailed now (or recorded as sent by post)."""
    actor = request_key(request).actor_label
    rights_request = _request(number)
    extended = _refusals(
        lambda: actions.extend_deadline(
            actor=actor,
            rights_request=rights_request,
            months=payload.months,
            reason=payload.reason,
            notice=payload.notice,
        )
    )
    return _detail(extended)


@router.post("/{number}/execute", response={200: RequestDetailOut, **EXECUTE_ERRORS}, auth=WRITE)
def execute_request(
    request: HttpRequest, payload: ExecuteIn, number: int = NumberPath
) -> RequestDetailOut:
    """Carry out a verified request. An erasure request, and an upheld objection to
    legitimate-interest processing (which erases what was held only for it), need
    the ``erase`` scope too."""
    key = request_key(request)
    rights_request = _request(number)
    erases = rights_request.kind == RightsRequest.Kind.ERASURE or (
        rights_request.kind == RightsRequest.Kind.OBJECTION
        and payload.objection == "legitimate_interest"
        and payload.decision == "upheld"
    )
    if erases and not key.has_scope("erase"):
        raise MissingScope(scope="erase", key=key, operation="carrying out an erasing request")
    done = _refusals(
        lambda: execution.execute_request(
            actor=key.actor_label, rights_request=rights_request, **payload.model_dump()
        )
    )
    return _detail(done)


@router.post("/{number}/answer", response={200: RequestDetailOut, **WRITE_ERRORS}, auth=WRITE)
def answer_request(
    request: HttpRequest, payload: AnswerIn, number: int = NumberPath
) -> RequestDetailOut:
    """E-mail the answer's download link to the verified address (or record a letter)."""
    actor = request_key(request).actor_label
    rights_request = _request(number)
    answered = _refusals(
        lambda: delivery.answer_request(
            actor=actor, rights_request=rights_request, delivery=payload.delivery
        )
    )
    return _detail(answered)


@router.post("/{number}/close", response={200: RequestDetailOut, **WRITE_ERRORS}, auth=WRITE)
def close_request(
    request: HttpRequest, payload: CloseIn, number: int = NumberPath
) -> RequestDetailOut:
    """Close the request with its outcome (completed, refused, withdrawn, unverified)."""
    actor = request_key(request).actor_label
    rights_request = _request(number)
    closed = _refusals(
        lambda: actions.close_request(
            actor=actor, rights_request=rights_request, outcome=payload.outcome, note=payload.note
        )
    )
    return _detail(closed)
