"""Consent over HTTP.

- ``GET /api/v1/consent/proof?subject=...&purpose=...``: a subject's full
  consent history for one purpose (or, without ``purpose``, for every
  purpose in their ledger) with every text version they were shown (GDPR
  Art. 7(1)), suitable to show an authority. Reading a proof is audited: it
  shows IP addresses and user agents.
- ``POST /api/v1/subjects/{key}/consents``: record a consent given or
  withdrawn by phone, on paper, at the counter or in an import, through
  ``give_consent`` / ``withdraw_consent`` (which audit it and move due
  dates). The privacy center's channels (web_form, email_link) are not
  offered: such an entry would claim evidence the client does not have.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import HttpError
from pydantic import BaseModel, Field, StrictBool

from persondata.api.auth import READ, WRITE, request_key
from persondata.api.schemas import CategoryKey, Error, Input, Moment, OneLine
from persondata.consent import actions
from persondata.consent.errors import ConsentError, SubjectNotFound
from persondata.consent.models import ConsentEntry
from persondata.consent.queries import find_subject, latest_entry, proof_entry
from persondata.subjects.models import DataSubject

router = Router(tags=["consent"])
# Mounted under /subjects: the consents of one subject.
subject_router = Router(tags=["consent"])


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


class ConsentIn(Input):
    purpose: CategoryKey = Field(description="a consent purpose key of the declaration")
    given: StrictBool = Field(description="true: consent given; false: consent withdrawn")
    channel: Literal["phone", "paper", "staff", "import"] = Field(
        description="how it reached the company (web_form and email_link are the privacy "
        "center's own)"
    )
    at: Moment | None = Field(
        default=None,
        description="when the person gave or withdrew it (default now); never in the future "
        "nor before the latest entry for the purpose",
    )
    reference: OneLine = Field(
        default="", max_length=200, description="e.g. the form's number or the call's id"
    )
    staff: OneLine = Field(
        default="", max_length=150, description="the staff member who took the call or form"
    )


def _entry_out(entry: ConsentEntry) -> ProofEntryOut:
    return ProofEntryOut.model_validate(proof_entry(entry).as_json())


@subject_router.post(
    "/{key}/consents",
    response={
        200: ProofEntryOut,
        201: ProofEntryOut,
        204: None,
        400: Error,
        401: Error,
        403: Error,
        404: Error,
        422: Error,
    },
    auth=WRITE,
)
def record_consent(
    request: HttpRequest, key: uuid.UUID, payload: ConsentIn
) -> Status[ProofEntryOut | None]:
    """Record a consent given or withdrawn: 201 with the new ledger entry.
    Nothing is written when nothing changes: 200 with the latest entry when
    it already gives consent to the current version (``given`` true) or
    there is no consent in force (``given`` false), 204 when there is no
    entry at all to withdraw. 404 for an unknown subject; 422 when the
    ledger refuses (an unknown purpose, ``at`` in the future or before the
    latest entry, bad evidence)."""
    subject = DataSubject.objects.filter(key=key).first()
    if subject is None:
        raise HttpError(404, f"path.key: no subject has the key {key}")
    evidence = {"reference": payload.reference, "staff": payload.staff}
    change: dict[str, Any] = {
        "actor": request_key(request).actor_label,
        "subject": subject,
        "purpose": payload.purpose,
        "channel": payload.channel,
        "evidence": evidence,
        "at": payload.at,
    }
    before = latest_entry(subject, payload.purpose)
    try:
        if payload.given:
            entry: ConsentEntry | None = actions.give_consent(**change)
        else:
            entry = actions.withdraw_consent(**change)
    except ConsentError as exc:
        raise HttpError(422, str(exc)) from None
    if entry is not None and (before is None or entry.pk != before.pk):
        # Read back, so that times come out as every other answer has them (UTC).
        return Status(201, _entry_out(ConsentEntry.objects.get(pk=entry.pk)))
    if before is None:
        return Status(204, None)
    return Status(200, _entry_out(before))
