"""The life of a rights request: received, verified, assigned, extended,
answered, closed, and finally stripped of personal data.

Carrying a request out (access, erasure, ...) is in ``execution.py``. Every
action here takes keyword arguments, validates everything first, runs in
one transaction, appends a step to the request's history and writes its
audit entry (``rights.*``) in that transaction. Audit details name the
request by its number and hold no personal data: no names, addresses,
messages or reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from persondata.audit.actions import write_audit_entry
from persondata.consent.verification import ChallengeRefused
from persondata.lib.refusals import KeyOrLabel
from persondata.policy.queries import current_declaration
from persondata.rights import mail
from persondata.rights.checks import (
    MAX_MESSAGE,
    MAX_NAME,
    MAX_REASON,
    RightsError,
    clean_channel,
    clean_choice,
    clean_email,
    clean_kind,
    clean_language,
    clean_received_at,
    clean_text,
)
from persondata.rights.deadlines import (
    MAX_EXTENSION_MONTHS,
    extended_deadline,
    legal_deadline,
    response_deadline,
)
from persondata.rights.email_links import redeem_request_link
from persondata.rights.models import (
    RequestStep,
    RightsRequest,
)
from persondata.rights.queries import awaiting_verification
from persondata.subjects.models import DataSubject
from persondata.subjects.queries import find_subject

CLOSE_OUTCOMES = ("completed", "refused", "withdrawn", "unverified")
NOTICE_WAYS = ("email", "post")

Status = RightsRequest.Status


def step(
    rights_request: RightsRequest,
    kind: str,
    *,
    actor: str,
    detail: Mapping[str, object] | None = None,
    text: str = "",
) -> RequestStep:
    return RequestStep.objects.create(
        request=rights_request,
        kind=kind,
        at=timezone.now(),
        actor=actor,
        detail=dict(detail or {}),
        text=text,
    )


def audit_request(
    rights_request: RightsRequest, action: str, *, actor: str, details: Mapping[str, object]
) -> None:
    """Write the ``rights.<action>`` entry for a request, naming its subject by pseudonym."""
    subject = rights_request.subject
    write_audit_entry(
        action=f"rights.{action}",
        actor=actor,
        object_type="rights_request",
        object_id=str(rights_request.pk),
        subject_key=str(subject.key) if subject is not None else None,
        details={"kind": rights_request.kind, **details},
    )


def locked(rights_request: RightsRequest) -> RightsRequest:
    """The request re-read and locked until the transaction ends."""
    # "of self": the subject is joined nullable, and PostgreSQL cannot lock the
    # nullable side of an outer join.
    return (
        RightsRequest.objects.select_for_update(of=("self",))
        .select_related("subject")
        .get(pk=rights_request.pk)
    )


def _refuse_closed(rights_request: RightsRequest, message: str | Promise) -> None:
    """RightsError(``message``, naming the request as ``%(id)s``) for a closed request."""
    if rights_request.status == Status.CLOSED:
        raise RightsError(message, id=rights_request.pk)


def _status(rights_request: RightsRequest) -> KeyOrLabel:
    return KeyOrLabel(rights_request.status, rights_request.get_status_display())


def receive_request(
    *,
    actor: str,
    kind: str,
    channel: str,
    claimed_name: str = "",
    claimed_email: str = "",
    message: str = "",
    language: str = "da",
    received_at: datetime | None = None,
    subject: DataSubject | None = None,
    ip_digest: str = "",
) -> RightsRequest:
    """Record a request as received and store its answer deadline.

    The deadline is one month from the day of receipt (Art. 12(3),
    ``deadlines.response_deadline``), or the controller's promised
    ``response_days`` when that is earlier. ``received_at`` defaults to now
    (staff may give the day a letter arrived). ``subject`` may be given by
    staff who already know the person; it is otherwise found when the
    identity is verified. A request from the privacy center (channel
    ``web``) needs an e-mail address. Raises RightsError, writing nothing,
    for an unknown kind, channel or language, a malformed address, a text
    that is too long or holds a card number, or a naive or future time.
    """
    clean_kind(kind)
    clean_channel(channel)
    clean_language(language)
    name = clean_text(claimed_name, field="claimed_name", limit=MAX_NAME)
    email = clean_email(
        claimed_email, field="claimed_email", required=channel == RightsRequest.Channel.WEB
    )
    words = clean_text(message, field="message", limit=MAX_MESSAGE)
    received = clean_received_at(received_at, now=timezone.now())
    declaration = current_declaration()
    promised = declaration.controller.response_days if declaration is not None else None
    due = response_deadline(timezone.localdate(received), promised_days=promised)
    with transaction.atomic():
        rights_request = RightsRequest.objects.create(
            kind=kind,
            channel=channel,
            claimed_name=name,
            claimed_email=email,
            message=words,
            language=language,
            received_at=received,
            due_on=due,
            subject=subject,
            ip_digest=ip_digest,
        )
        step(
            rights_request,
            RequestStep.Kind.RECEIVED,
            actor=actor,
            detail={"channel": channel, "due_on": due.isoformat()},
        )
        audit_request(
            rights_request,
            "receive",
            actor=actor,
            details={"channel": channel, "language": language, "due_on": due.isoformat()},
        )
    return rights_request


def verify_identity(
    *,
    actor: str,
    rights_request: RightsRequest,
    how: str,
    email: str | None = None,
    subject: DataSubject | None = None,
) -> RightsRequest:
    """Record that staff checked the person's identity, and how (phone call-back,
    ID shown in person, a signed letter, ...).

    ``email`` is the address the answer may go to (default: the one given
    with the request); ``subject`` the register's entry for the person, if
    staff know it, else it is looked up by that address. Raises RightsError
    without ``how``, for a malformed address, or when the request is closed
    or already verified.
    """
    how_text = clean_text(how, field="how", limit=MAX_REASON, required=True)
    address = clean_email(email, field="email") if email is not None else None
    return mark_verified(
        actor=actor,
        rights_request=rights_request,
        method="staff",
        how=how_text,
        email=address,
        subject=subject,
    )


def mark_verified(
    *,
    actor: str,
    rights_request: RightsRequest,
    method: str,
    how: str = "",
    email: str | None = None,
    subject: DataSubject | None = None,
) -> RightsRequest:
    """Mark the request verified by ``method`` ("staff" or "email_link").

    Used by ``verify_identity`` and by the privacy center's e-mail link;
    raises RightsError when the request is closed or already verified.
    """
    with transaction.atomic():
        current = locked(rights_request)
        _refuse_closed(current, gettext_lazy("request %(id)s is closed; it cannot be verified"))
        if current.verified_at is not None:
            raise RightsError(
                gettext_lazy("request %(id)s was already verified on %(day)s"),
                id=current.pk,
                day=timezone.localdate(current.verified_at).isoformat(),
            )
        address = current.claimed_email if email is None else email
        if subject is None and current.subject is None and address:
            subject = find_subject(email=address)
        if subject is not None:
            current.subject = subject
        current.verified_email = address
        current.verified_at = timezone.now()
        if current.status == Status.RECEIVED:
            current.status = Status.VERIFIED
        current.save(update_fields=["subject", "verified_email", "verified_at", "status"])
        found = current.subject is not None
        step(
            current,
            RequestStep.Kind.VERIFIED,
            actor=actor,
            detail={"method": method, "subject_found": found},
            text=how,
        )
        audit_request(
            current, "verify", actor=actor, details={"method": method, "subject_found": found}
        )
    return current


EMAIL_LINK_ACTOR = "subject: e-mail link"
# The history's "how" of a request verified by its e-mailed link. Stored in
# English, as every step's text (also in histories written before this);
# staff pages show it in their language (``shown_step_text``).
EMAIL_LINK_HOW = "one-time link e-mailed to the address given with the request"
STEP_TEXTS = {EMAIL_LINK_HOW: gettext_lazy(EMAIL_LINK_HOW)}


def shown_step_text(text: str) -> str:
    """A step's text for a page: the texts the system writes (``STEP_TEXTS``)
    in the active language, anything staff typed as it was typed."""
    known = STEP_TEXTS.get(text)
    return text if known is None else str(known)


def verify_by_email_link(*, token: str) -> list[RightsRequest]:
    """Verify the privacy-center requests of the address a one-time link was sent to.

    Redeems the ``request`` link (``email_links``): control of the address
    verifies every open, unverified request that came from it. Returns them
    (empty when there were none left). Raises RightsError, changing nothing,
    when the link is unknown, already used or expired.
    """
    try:
        email = redeem_request_link(token)
    except ChallengeRefused as exc:
        raise RightsError(str(exc)) from None
    verified = []
    for pending in awaiting_verification(email):
        verified.append(
            mark_verified(
                actor=EMAIL_LINK_ACTOR,
                rights_request=pending,
                method="email_link",
                how=EMAIL_LINK_HOW,
                email=email,
            )
        )
    return verified


def assign_request(
    *, actor: str, rights_request: RightsRequest, user: User | None
) -> RightsRequest:
    """Make ``user`` responsible for the request (None: nobody). The assigned
    staff member receives the deadline reminders. Raises RightsError for an
    inactive user or a closed request."""
    if user is not None and not user.is_active:
        raise RightsError(
            gettext_lazy("user: '%(user)s' is not an active user"), user=user.get_username()
        )
    with transaction.atomic():
        current = locked(rights_request)
        _refuse_closed(current, gettext_lazy("request %(id)s is closed; it cannot be assigned"))
        current.assigned_to = user
        current.save(update_fields=["assigned_to"])
        username = user.get_username() if user is not None else None
        step(current, RequestStep.Kind.ASSIGNED, actor=actor, detail={"user": username})
        audit_request(current, "assign", actor=actor, details={"user": username})
    return current


def extend_deadline(
    *,
    actor: str,
    rights_request: RightsRequest,
    months: int,
    reason: str,
    notice: str = "email",
) -> RightsRequest:
    """Extend the deadline by ``months`` (1 or 2) further months (Art. 12(3)).

    Only within the first month after receipt (until the legal deadline,
    ``deadlines.extension_notice_deadline``), only with a reason, and only
    together with the notice to the person: with ``notice="email"`` the
    notice, with the new date and the reason, is e-mailed now to the
    request's address, and the step records when; ``notice="post"`` records
    that staff sent it by letter now. Raises RightsError, changing nothing,
    without a reason, for months outside 1-2, after the first month, for
    an extension no longer than the current one, for an answered or closed
    request, or with ``notice="email"`` and no address; whatever the mail
    backend raises when the notice cannot be sent.
    """
    why = clean_text(reason, field="reason", limit=MAX_REASON, required=True)
    if isinstance(months, bool) or not isinstance(months, int):
        raise RightsError(f"months: give 1 or 2, not {months!r}")
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise RightsError(
            gettext_lazy(
                "months: an extension is 1 or 2 further months (GDPR Art. 12(3)), not %(months)s"
            ),
            months=months,
        )
    clean_choice(notice, field="notice", choices=list(NOTICE_WAYS))
    today = timezone.localdate()
    with transaction.atomic():
        current = locked(rights_request)
        if not current.is_open:
            raise RightsError(
                gettext_lazy("request %(id)s is %(status)s; only an open request can be extended"),
                id=current.pk,
                status=_status(current),
            )
        received = timezone.localdate(current.received_at)
        first_month_ends = legal_deadline(received)
        if today > first_month_ends:
            raise RightsError(
                gettext_lazy(
                    "request %(id)s: the first month after receipt ended on %(day)s; an "
                    "extension, and the notice of it, must come within the first month "
                    "(GDPR Art. 12(3))"
                ),
                id=current.pk,
                day=first_month_ends.isoformat(),
            )
        until = extended_deadline(received, months=months)
        if current.extended_until is not None and until <= current.extended_until:
            raise RightsError(
                gettext_lazy("request %(id)s is already extended until %(day)s"),
                id=current.pk,
                day=current.extended_until.isoformat(),
            )
        to = current.verified_email or current.claimed_email
        if notice == "email" and not to:
            raise RightsError(
                gettext_lazy(
                    "request %(id)s has no e-mail address for the notice; send it by letter "
                    "and extend with notice 'post'"
                ),
                id=current.pk,
            )
        current.extended_until = until
        current.save(update_fields=["extended_until"])
        sent_at = timezone.now()
        step(
            current,
            RequestStep.Kind.EXTENDED,
            actor=actor,
            detail={
                "months": months,
                "until": until.isoformat(),
                "notice": notice,
                "notice_sent_at": sent_at.isoformat(),
            },
            text=why,
        )
        audit_request(
            current,
            "extend",
            actor=actor,
            details={"months": months, "until": until.isoformat(), "notice": notice},
        )
        if notice == "email":
            # Last, inside the transaction: a notice that cannot be sent undoes the extension.
            mail.send_extension_notice(current, to=to, until=until, reason=why)
    return current


def add_note(*, actor: str, rights_request: RightsRequest, text: str) -> RequestStep:
    """Add a staff note to the request's history. Raises RightsError for an empty note."""
    words = clean_text(text, field="text", limit=MAX_MESSAGE, required=True)
    with transaction.atomic():
        current = locked(rights_request)
        note = step(current, RequestStep.Kind.NOTE, actor=actor, text=words)
        audit_request(current, "note", actor=actor, details={})
    return note


def close_request(
    *, actor: str, rights_request: RightsRequest, outcome: str = "completed", note: str = ""
) -> RightsRequest:
    """Close the request with ``outcome``:

    - ``completed``: answered (the request must have been answered);
    - ``refused``: manifestly unfounded or excessive (Art. 12(5)); the note
      must give the reason, which the person must be told with their right
      to complain;
    - ``withdrawn``: the person withdrew the request;
    - ``unverified``: the identity could not be confirmed (Art. 12(6)).

    Raises RightsError for another outcome, a closed request, ``completed``
    before the answer, ``unverified`` for a verified request, or
    ``refused`` without a note.
    """
    clean_choice(outcome, field="outcome", choices=list(CLOSE_OUTCOMES))
    words = clean_text(note, field="note", limit=MAX_REASON, required=outcome == "refused")
    with transaction.atomic():
        current = locked(rights_request)
        _refuse_closed(current, gettext_lazy("request %(id)s is closed; it cannot be closed again"))
        if outcome == "completed" and current.status != Status.ANSWERED:
            raise RightsError(
                gettext_lazy(
                    "request %(id)s is %(status)s, not answered; answer it first, or close it "
                    "as refused, withdrawn or unverified"
                ),
                id=current.pk,
                status=_status(current),
            )
        if outcome == "unverified" and current.verified_at is not None:
            raise RightsError(
                gettext_lazy("request %(id)s is verified; it cannot close as unverified"),
                id=current.pk,
            )
        current.status = Status.CLOSED
        current.closed_at = timezone.now()
        current.save(update_fields=["status", "closed_at"])
        step(current, RequestStep.Kind.CLOSED, actor=actor, detail={"outcome": outcome}, text=words)
        audit_request(current, "close", actor=actor, details={"outcome": outcome})
    return current
