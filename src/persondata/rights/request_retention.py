"""How long requests and their answers are kept, and removing them after.

- Answer files hold a copy of the person's data. Their content is removed
  once the request is closed and no download link is still valid
  (``purge_delivered_answers``); name, size and SHA-256 stay as a record of
  what was sent.
- A request itself, with the person's name, address and words, is kept for
  REQUEST_RETENTION_YEARS after it was closed: the limitation period for
  claims (forældelsesloven section 3), so that the company can document
  that it answered in time (GDPR Art. 5(2)). Then only the kind, channel,
  dates, status and the steps of its history without free text remain
  (``pseudonymise_expired_requests``).

Both run daily with the deadline reminders (``tasks.py``) and from
``persondata requests purge``; both are idempotent.
"""

from __future__ import annotations

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from persondata.audit.actions import write_audit_entry
from persondata.rights.actions import audit_request, locked, step
from persondata.rights.models import (
    AnswerDocument,
    RectificationProposal,
    RequestStep,
    RightsRequest,
)

REQUEST_RETENTION_YEARS = 3
Status = RightsRequest.Status


def purge_delivered_answers(*, actor: str, now: datetime | None = None) -> int:
    """Remove the content of the answer files of closed requests whose download
    link is no longer valid (or that had none), keeping their name, size and
    SHA-256 as a record of what was sent. Returns how many files were purged."""
    now = now or timezone.now()
    live_link = AnswerDocument.objects.filter(
        request=OuterRef("request"), is_bundle=True, expires_at__gt=now, purged_at__isnull=True
    )
    documents = (
        AnswerDocument.objects.filter(request__status=Status.CLOSED, purged_at__isnull=True)
        .exclude(Exists(live_link))
        .select_related("request__subject")
    )
    by_request: dict[int, list[int]] = {}
    for document in documents:
        by_request.setdefault(document.request_id, []).append(document.pk)
    with transaction.atomic():
        for request_id, ids in by_request.items():
            AnswerDocument.objects.filter(pk__in=ids).update(content="", purged_at=now)
            current = RightsRequest.objects.select_related("subject").get(pk=request_id)
            audit_request(current, "purge_answer", actor=actor, details={"documents": ids})
    return sum(len(ids) for ids in by_request.values())


def retention_cutoff(today: date) -> date:
    """Requests closed before this day have reached the end of their retention."""
    cutoff: date = today - relativedelta(years=REQUEST_RETENTION_YEARS)
    return cutoff


def pseudonymise_expired_requests(*, actor: str, today: date | None = None) -> int:
    """Strip the personal data from requests closed more than REQUEST_RETENTION_YEARS ago.

    The name, addresses, message, subject link, IP digest, the free text of
    the history, answer files and proposed values go; kind, channel, dates,
    status and the history's steps stay as documentation. Idempotent.
    Returns how many requests were changed.
    """
    today = today or timezone.localdate()
    cutoff = retention_cutoff(today)
    expired = RightsRequest.objects.filter(
        status=Status.CLOSED, closed_at__date__lt=cutoff, pseudonymised_at__isnull=True
    )
    count = 0
    for rights_request in expired.iterator():
        with transaction.atomic():
            current = locked(rights_request)
            if current.pseudonymised_at is not None:
                continue
            subject = current.subject
            RequestStep.objects.filter(request=current).blank_texts()
            AnswerDocument.objects.filter(request=current).update(
                content="", purged_at=timezone.now()
            )
            RectificationProposal.objects.filter(request=current).update(value_encrypted="")
            for field in (
                "claimed_name",
                "claimed_email",
                "message",
                "verified_email",
                "ip_digest",
            ):
                setattr(current, field, "")
            current.subject = None
            current.pseudonymised_at = timezone.now()
            current.save()
            step(current, RequestStep.Kind.PSEUDONYMISED, actor=actor)
            write_audit_entry(
                action="rights.pseudonymise",
                actor=actor,
                object_type="rights_request",
                object_id=str(current.pk),
                subject_key=str(subject.key) if subject is not None else None,
                details={"closed_on": timezone.localdate(current.closed_at).isoformat()},
            )
            count += 1
    return count
