"""Read-only questions about rights requests: the staff list with days left,
the privacy center's rate limits, and the answer behind a download token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from persondata.rights.answer_files import token_hash
from persondata.rights.deadlines import days_left
from persondata.rights.models import AnswerDocument, RightsRequest

# Requests within this many days of their deadline are "near due" (highlighted, reminded).
NEAR_DUE_DAYS = 7


@dataclass(frozen=True)
class Urgency:
    """How close a request is to its deadline: ``days_left`` (negative when
    overdue) and a word for highlighting: overdue, due_today, near_due, on_time
    or done (answered or closed)."""

    days_left: int
    level: str


def urgency(rights_request: RightsRequest, *, today: date | None = None) -> Urgency:
    """The request's days left and urgency on ``today`` (default: today, local time)."""
    today = today or timezone.localdate()
    left = days_left(rights_request.deadline, today)
    if not rights_request.is_open:
        return Urgency(left, "done")
    if left < 0:
        return Urgency(left, "overdue")
    if left == 0:
        return Urgency(left, "due_today")
    if left <= NEAR_DUE_DAYS:
        return Urgency(left, "near_due")
    return Urgency(left, "on_time")


def open_requests() -> QuerySet[RightsRequest]:
    """Requests not yet answered or closed, the most urgent first."""
    return (
        RightsRequest.objects.exclude(
            status__in=(RightsRequest.Status.ANSWERED, RightsRequest.Status.CLOSED)
        )
        .select_related("assigned_to", "subject")
        .order_by("due_on", "id")
    )


def requests_for_staff(*, include_done: bool = False, status: str = "") -> QuerySet[RightsRequest]:
    """The staff list: open requests (or every request), optionally of one status."""
    requests = (
        RightsRequest.objects.select_related("assigned_to", "subject").order_by("due_on", "id")
        if include_done or status
        else open_requests()
    )
    if status:
        requests = requests.filter(status=status)
    return requests


def recent_from_address(email: str, *, since: datetime) -> int:
    """How many requests the privacy center received from ``email`` since ``since``."""
    return RightsRequest.objects.filter(
        channel=RightsRequest.Channel.WEB, claimed_email=email, received_at__gte=since
    ).count()


def recent_from_ip(ip_digest: str, *, since: datetime) -> int:
    """How many requests came from the IP address with this digest since ``since``."""
    if not ip_digest:
        return 0
    return RightsRequest.objects.filter(ip_digest=ip_digest, received_at__gte=since).count()


def awaiting_verification(email: str) -> QuerySet[RightsRequest]:
    """Open privacy-center requests from ``email`` whose identity is not yet verified."""
    return RightsRequest.objects.filter(
        claimed_email=email,
        verified_at__isnull=True,
        status=RightsRequest.Status.RECEIVED,
    ).order_by("id")


def bundle_for_token(token: str, *, now: datetime | None = None) -> AnswerDocument | None:
    """The delivered answer behind a download token, or None when the token is
    unknown, expired or its content removed."""
    if not token:
        return None
    now = now or timezone.now()
    return (
        AnswerDocument.objects.filter(
            token_hash=token_hash(token),
            is_bundle=True,
            expires_at__gt=now,
            purged_at__isnull=True,
        )
        .select_related("request")
        .first()
    )


def request_summary(rights_request: RightsRequest) -> dict[str, Any]:
    """The request as the staff list shows it, JSON-ready (no personal data)."""
    level = urgency(rights_request)
    return {
        "number": rights_request.pk,
        "kind": rights_request.kind,
        "status": rights_request.status,
        "channel": rights_request.channel,
        "received_at": timezone.localtime(rights_request.received_at).isoformat(),
        "due_on": rights_request.due_on.isoformat(),
        "extended_until": rights_request.extended_until.isoformat()
        if rights_request.extended_until
        else None,
        "deadline": rights_request.deadline.isoformat(),
        "days_left": level.days_left,
        "urgency": level.level,
        "verified": rights_request.verified_at is not None,
        "assigned_to": rights_request.assigned_to.get_username()
        if rights_request.assigned_to
        else None,
    }


def request_details(rights_request: RightsRequest) -> dict[str, Any]:
    """The summary plus the history, documents and proposals, JSON-ready.

    The history's free text (how identity was checked, reasons, notes) is
    included: it is for staff only.
    """
    return {
        **request_summary(rights_request),
        "language": rights_request.language,
        "subject": str(rights_request.subject.key) if rights_request.subject else None,
        "history": [
            {
                "at": timezone.localtime(step.at).isoformat(timespec="minutes"),
                "kind": step.kind,
                "actor": step.actor,
                "detail": step.detail,
                "text": step.text,
            }
            for step in rights_request.steps.all()
        ],
        "documents": [
            {
                "name": d.name,
                "format": d.format,
                "size": d.size,
                "sha256": d.sha256,
                "bundle": d.is_bundle,
                "expires_at": d.expires_at.isoformat() if d.expires_at else None,
                "downloaded_at": d.downloaded_at.isoformat() if d.downloaded_at else None,
                "purged": d.purged_at is not None,
            }
            for d in rights_request.documents.all()
        ],
        "proposals": [
            {
                "id": p.pk,
                "record": p.record_id,
                "data_category": p.data_category,
                "status": p.status,
            }
            for p in rights_request.rectifications.all()
        ],
    }
