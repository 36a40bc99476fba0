"""The e-mails of the rights workflow, in the request's language.

Mail goes through Django's configured backend (``PERSONDATA_EMAIL_BACKEND``:
the console in development, SMTP in production). A failure to send raises,
so an action that must send (an extension notice, an answer link) is undone
with it instead of recording a notice that never went out. Bodies are plain
text rendered from ``rights/templates/rights/email/``; they never contain
the person's data, only links and dates.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from persondata.documents.dates_in_words import date_in_words
from persondata.policy.queries import current_declaration
from persondata.rights.models import RightsRequest


def public_url(path: str) -> str:
    """``path`` on the public address of the installation (``PERSONDATA_PUBLIC_URL``)."""
    base: str = getattr(settings, "PUBLIC_URL", "http://localhost:8000")
    return base.rstrip("/") + path


def _controller_name() -> str:
    declaration = current_declaration()
    return declaration.controller.name if declaration else "persondata"


def _send(*, to: str, subject: str, template: str, context: dict[str, object], lang: str) -> None:
    with translation.override(lang):
        body = render_to_string(
            f"rights/email/{template}", {"controller": _controller_name(), **context}
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def send_extension_notice(
    rights_request: RightsRequest, *, to: str, until: date, reason: str
) -> datetime:
    """Tell the person that the deadline is extended, to when and why (Art. 12(3)).

    Returns when the notice was sent. Raises whatever the mail backend raises.
    """
    lang = rights_request.language
    with translation.override(lang):
        subject = _("Your request %(number)s: we need more time") % {"number": rights_request.pk}
        context = {
            "number": rights_request.pk,
            "received": date_in_words(timezone.localdate(rights_request.received_at), lang),
            "until": date_in_words(until, lang),
            "reason": reason,
        }
    _send(to=to, subject=subject, template="extension_notice.txt", context=context, lang=lang)
    return timezone.now()


def send_answer_link(
    rights_request: RightsRequest, *, to: str, url: str, expires_at: datetime
) -> None:
    """Tell the person that the answer is ready, with the download link and its expiry."""
    lang = rights_request.language
    with translation.override(lang):
        subject = _("Your request %(number)s: our answer is ready") % {"number": rights_request.pk}
        context = {
            "number": rights_request.pk,
            "url": url,
            "expires": date_in_words(timezone.localdate(expires_at), lang),
        }
    _send(to=to, subject=subject, template="answer_ready.txt", context=context, lang=lang)


def send_reminder(
    rights_request: RightsRequest, *, to: str, days_left: int, deadline: date
) -> None:
    """Remind the assigned staff member of the deadline (in English: staff work in it)."""
    if days_left == 0:
        subject = f"Request {rights_request.pk} is due today"
    else:
        subject = f"Request {rights_request.pk} is due in {days_left} days"
    with translation.override("en"):
        context = {
            "number": rights_request.pk,
            "kind": rights_request.get_kind_display(),
            "days_left": days_left,
            "deadline": deadline.isoformat(),
            "status": rights_request.get_status_display(),
        }
    _send(to=to, subject=subject, template="reminder.txt", context=context, lang="en")
