"""Consent over HTTP: ``GET /api/v1/consent/proof?subject=...&purpose=...``,
a subject's full consent history for one purpose (or, without ``purpose``,
for every purpose in their ledger) with every text version they were
shown (GDPR Art. 7(1)), suitable to show an authority. Reading a proof is
audited: it shows IP addresses and user agents."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router
from ninja.errors import HttpError
from pydantic import BaseModel, Field

from persondata.api.auth import READ, request_key
from persondata.api.schemas import Error
from persondata.consent import actions
from persondata.consent.errors import ConsentError, SubjectNotFound
from persondata.consent.queries import find_subject

router = Router(tags=["consent"])


class ProofQuery(BaseModel):
    subject: str = Field(
        min_length=1, max_length=254, description="the subject's key, e-mail address or phone"
    )
    purpose: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="a consent purpose key; leave out for every purpose in the ledger",
    )


class ProofEntryOut(BaseModel):
    at: datetime = Field(description="when the person gave or withdrew the consent")
    given: bool
    version: int = Field(description="the version of the text shown")
    channel: str = Field(description="web_form, email_link, phone, paper, import or staff")
    evidence: dict[str, str] = Field(description="form, ip, user_agent, staff, reference")
    recorded_by: str
    recorded_at: datetime


class ProofTextOut(BaseModel):
    version: int
    da: str
    en: str


class ProofOut(BaseModel):
    subject: str = Field(description="the subject's key")
    purpose: str
    controller: str
    declared_version: int | None = Field(description="null when no longer declared")
    active: bool = Field(description="true when the latest entry gives consent")
    entries: list[ProofEntryOut] = Field(description="oldest first")
    texts: list[ProofTextOut] = Field(description="every text version in the entries")


@router.get(
    "/proof",
    response={200: list[ProofOut], 401: Error, 403: Error, 404: Error, 422: Error},
    auth=READ,
)
def proof(request: HttpRequest, query: Query[ProofQuery]) -> list[ProofOut]:
    """The subject's consent history: one proof for ``purpose``, or one per
    purpose in their ledger. 404 when no subject has the identifier, 422 for
    a purpose neither declared nor in their ledger."""
    try:
        subject = find_subject(query.subject)
    except SubjectNotFound as exc:
        raise HttpError(404, f"query.{exc}") from None
    except ConsentError as exc:
        raise HttpError(422, f"query.{exc}") from None
    try:
        found = actions.export_proofs(
            actor=request_key(request).actor_label, subject=subject, purpose=query.purpose
        )
    except ConsentError as exc:
        raise HttpError(422, f"query.{exc}") from None
    return [ProofOut.model_validate(proof.as_json()) for proof in found]
