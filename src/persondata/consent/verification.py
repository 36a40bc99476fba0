"""One-time e-mail links that prove a person holds an address (SPEC 4 and 6).

Generic over what the link unlocks: a ``ChallengePurpose`` says where the
link points, what the mail says and whether it goes only to registered
addresses. "consent" (the privacy center) is registered here; other apps
register theirs with ``register_challenge_purpose`` (rights requests:
"request").

Rules:
- ``issue_challenge`` never tells the caller whether the address is
  registered: it returns None either way, and stores a row either way, so
  rate limits count the same. A mail goes out only when the purpose allows
  it for the address and no limit is reached.
- Limits: CHALLENGES_PER_ADDRESS per address and purpose, and
  CHALLENGES_PER_IP per IP address (all purposes), within LIMIT_WINDOW,
  whatever the outcome.
- A link expires after LINK_LIFETIME and works once. Only a SHA-256 of the
  token is stored; the IP address only as a keyed digest.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from persondata.audit.actions import write_audit_entry
from persondata.consent.models import EmailChallenge
from persondata.policy.queries import current_declaration
from persondata.subjects.models import DataSubject
from persondata.subjects.validation import normalise_email

LINK_LIFETIME = timedelta(hours=24)
LIMIT_WINDOW = timedelta(hours=1)
CHALLENGES_PER_ADDRESS = 3
CHALLENGES_PER_IP = 10
# Rows are kept this long for the limits and then removed.
KEEP_ROWS = timedelta(days=2)


class ChallengeRefused(ValueError):
    """The token cannot be redeemed; ``reason`` is one of unknown, used, expired."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"this link cannot be used: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class ChallengePurpose:
    """What a challenge is for.

    ``link_path(token, language)`` gives the path the mail links to;
    ``template`` is a text template rendered with ``link``, ``hours``,
    ``controller`` and ``language``; ``subject`` is the mail subject per
    language. ``registered_only``: send only to addresses of registered
    subjects.
    """

    key: str
    link_path: Callable[[str, str], str]
    template: str
    subject: dict[str, str]
    registered_only: bool = True


CHALLENGE_PURPOSES: dict[str, ChallengePurpose] = {}


def register_challenge_purpose(purpose: ChallengePurpose) -> None:
    """Make ``purpose`` known to issue_challenge and redeem_challenge."""
    CHALLENGE_PURPOSES[purpose.key] = purpose


def _consent_link(token: str, language: str) -> str:
    name = "consent:center_confirm_en" if language == "en" else "consent:center_confirm_da"
    return reverse(name, kwargs={"token": token})


register_challenge_purpose(
    ChallengePurpose(
        key="consent",
        link_path=_consent_link,
        template="consent/email/challenge_consent.txt",
        subject={"da": "Dine samtykker", "en": "Your consents"},
    )
)


def _digest(kind: str, value: str) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _purpose(key: str) -> ChallengePurpose:
    found = CHALLENGE_PURPOSES.get(key)
    if found is None:
        raise ValueError(
            f"purpose: '{key}' is not a challenge purpose; known: {', '.join(CHALLENGE_PURPOSES)}"
        )
    return found


def issue_challenge(email: str, purpose: str, ip: str, *, language: str = "da") -> None:
    """Send a one-time link to ``email`` if allowed (see the module rules).

    ``language`` (da or en) is the mail's language and the link's page.
    Raises InvalidValue (a ValueError) for something that is not an e-mail
    address and ValueError for an unknown purpose, before anything is
    stored; never anything that depends on the address being registered.
    """
    spec = _purpose(purpose)
    address = normalise_email(email)
    lang = "en" if language == "en" else "da"
    now = timezone.now()
    email_digest = _digest("email", address)
    ip_digest = _digest("ip", ip or "-")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        EmailChallenge.objects.filter(created_at__lt=now - KEEP_ROWS).delete()
        since = now - LIMIT_WINDOW
        recent = EmailChallenge.objects.filter(created_at__gte=since)
        limited = (
            recent.filter(email_digest=email_digest, purpose=purpose).count()
            >= CHALLENGES_PER_ADDRESS
            or recent.filter(ip_digest=ip_digest).count() >= CHALLENGES_PER_IP
        )
        if limited:
            return
        registered = DataSubject.objects.filter(email=address).exists()
        send = registered or not spec.registered_only
        EmailChallenge.objects.create(
            purpose=purpose,
            email=address,
            email_digest=email_digest,
            ip_digest=ip_digest,
            token_hash=_token_hash(token),
            sent=send,
            created_at=now,
            expires_at=now + LINK_LIFETIME,
        )
    if send:
        _send(spec, address, token, lang)


def _send(spec: ChallengePurpose, address: str, token: str, language: str) -> None:
    declaration = current_declaration()
    body = render_to_string(
        spec.template,
        {
            "link": settings.PUBLIC_URL.rstrip("/") + spec.link_path(token, language),
            "hours": int(LINK_LIFETIME.total_seconds() // 3600),
            "controller": declaration.controller.name if declaration else "",
            "language": language,
        },
    )
    send_mail(
        subject=spec.subject.get(language, spec.subject.get("da", "")),
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[address],
    )


def redeem_challenge(token: str, purpose: str) -> str:
    """The e-mail address the token was sent to; the token is used up.

    Raises ChallengeRefused("unknown") for a token never sent for this
    purpose, ("used") for one already redeemed and ("expired") after
    LINK_LIFETIME; ValueError for an unknown purpose. A successful
    redemption is audited (the pseudonym of the subject, if registered).
    """
    _purpose(purpose)
    with transaction.atomic():
        challenge = (
            EmailChallenge.objects.select_for_update()
            .filter(token_hash=_token_hash(token), purpose=purpose, sent=True)
            .first()
        )
        if challenge is None:
            raise ChallengeRefused("unknown")
        if challenge.redeemed_at is not None:
            raise ChallengeRefused("used")
        now = timezone.now()
        if now >= challenge.expires_at:
            raise ChallengeRefused("expired")
        challenge.redeemed_at = now
        challenge.save(update_fields=["redeemed_at"])
        subject = DataSubject.objects.filter(email=challenge.email).only("key").first()
        write_audit_entry(
            action="challenge.redeem",
            actor=f"subject: {purpose} link",
            object_type="email_challenge",
            object_id=str(challenge.pk),
            subject_key=str(subject.key) if subject is not None else None,
            details={"purpose": purpose},
        )
    return challenge.email
