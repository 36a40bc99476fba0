"""The privacy center's pages for rights requests, in Danish and English.

- ``/anmodning/`` (``/en/request/``): the form. A valid form always leads to
  the same page, whether or not the address is in the register, whether or
  not a limit was reached: the page never reveals who is registered.
- ``/anmodning/bekraeft/<token>/``: the one-time link from the e-mail. The
  link itself only shows a button; the request is confirmed by the POST, so
  a mail scanner that follows links does not use it up.
- ``/anmodning/svar/<token>/``: the answer's download page. It asks for the
  e-mail address; when that is the request's verified address, a fresh
  one-time link is e-mailed, and only its redemption (in this browser's
  session, for DOWNLOAD_WINDOW) unlocks the download.

Every page is CSRF-protected (Django's middleware) and sends the documents'
strict Content-Security-Policy.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from persondata.audit.actions import write_audit_entry
from persondata.consent.verification import ChallengeRefused
from persondata.documents.views import CONTENT_SECURITY_POLICY
from persondata.lib.crypto import keyed_digest
from persondata.policy.queries import current_declaration
from persondata.rights.actions import receive_request, verify_by_email_link
from persondata.rights.answer_files import read_document
from persondata.rights.checks import RightsError
from persondata.rights.delivery import record_download
from persondata.rights.email_links import redeem_answer_link, send_answer_link, send_request_link
from persondata.rights.forms import EmailForm, RequestForm
from persondata.rights.models import AnswerDocument
from persondata.rights.queries import bundle_for_token, recent_from_address, recent_from_ip

PRIVACY_CENTER = "privacy center"
# Requests the privacy center accepts per address a day and per IP address an hour;
# beyond that, the form answers as always and nothing is stored or sent.
REQUESTS_PER_ADDRESS = 5
REQUESTS_PER_IP = 10
# How long a redeemed answer link unlocks downloads in the same browser.
DOWNLOAD_WINDOW = timedelta(minutes=30)
SESSION_EMAIL = "rights_answer_email"
SESSION_AT = "rights_answer_confirmed_at"
SESSION_ANSWER_LINK = "rights_answer_link"


def _name(base: str, lang: str) -> str:
    return f"rights:{base}_{'en' if lang == 'en' else 'da'}"


def _page(
    request: HttpRequest, lang: str, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    declaration = current_declaration()
    with translation.override(lang):
        response = render(
            request,
            f"rights/{template}",
            {
                "lang": lang,
                "controller_name": declaration.controller.name if declaration else "",
                **context,
            },
            status=status,
        )
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Content-Language"] = lang
    return response


def _message(
    request: HttpRequest, lang: str, heading: str, text: str, *, status: int = 200
) -> HttpResponse:
    return _page(request, lang, "message.html", {"heading": heading, "text": text}, status=status)


def _ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@require_http_methods(["GET", "HEAD", "POST"])
def request_form(request: HttpRequest, lang: str) -> HttpResponse:
    """The request form; a valid POST always redirects to the same 'sent' page,
    an invalid one gets the form with its errors and status 400."""
    with translation.override(lang):
        form = RequestForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            _receive(request, form.cleaned_data, lang)
            return HttpResponseRedirect(reverse(_name("request_sent", lang)))
    status = 400 if form.is_bound else 200
    return _page(request, lang, "request_form.html", {"form": form}, status=status)


def _receive(request: HttpRequest, data: dict[str, Any], lang: str) -> None:
    email = str(data["email"]).strip().lower()
    ip = _ip(request)
    ip_digest = keyed_digest(f"ip:{ip}", key=settings.FIELD_DIGEST_KEY) if ip else ""
    now = timezone.now()
    if (
        recent_from_address(email, since=now - timedelta(days=1)) >= REQUESTS_PER_ADDRESS
        or recent_from_ip(ip_digest, since=now - timedelta(hours=1)) >= REQUESTS_PER_IP
    ):
        write_audit_entry(
            action="rights.intake_limited", actor=PRIVACY_CENTER, details={"language": lang}
        )
        return
    try:
        receive_request(
            actor=PRIVACY_CENTER,
            kind=data["kind"],
            channel="web",
            claimed_name=data["name"],
            claimed_email=email,
            message=data["message"],
            language=lang,
            ip_digest=ip_digest,
        )
    except RightsError:
        # The form checked everything the action checks; a refusal here must
        # still not change the page (it would tell the sender something).
        return
    send_request_link(email, ip=ip, language=lang)


@require_safe
def request_sent(request: HttpRequest, lang: str) -> HttpResponse:
    with translation.override(lang):
        heading = _("Thank you for your request")
        text = _(
            "If your e-mail address is in our register, we have sent you an e-mail with a link "
            "to confirm that the request comes from you. The link works for 24 hours. We "
            "answer within one month of receiving the request."
        )
    return _message(request, lang, heading, text)


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """GET shows a button; POST redeems the one-time link and verifies the requests."""
    with translation.override(lang):
        if request.method != "POST":
            return _page(
                request,
                lang,
                "confirm.html",
                {
                    "heading": _("Confirm your request"),
                    "text": _("Press the button to confirm that the request comes from you."),
                    "button": _("Confirm my request"),
                },
            )
        try:
            verify_by_email_link(token=token)
        except RightsError:
            return _message(
                request,
                lang,
                _("This link cannot be used"),
                _(
                    "The link has expired, has been used already or is not valid. Send the "
                    "request again to get a new link."
                ),
                status=400,
            )
        return _message(
            request,
            lang,
            _("Your request is confirmed"),
            _("Thank you. We are now dealing with your request and will answer by e-mail."),
        )


def _confirmed_email(request: HttpRequest) -> str:
    """The address confirmed in this browser's session within DOWNLOAD_WINDOW, or ""."""
    email = request.session.get(SESSION_EMAIL, "")
    at = parse_datetime(str(request.session.get(SESSION_AT, "")))
    if not email or at is None or timezone.now() - at > DOWNLOAD_WINDOW:
        return ""
    return str(email)


def _expired(request: HttpRequest, lang: str) -> HttpResponse:
    return _message(
        request,
        lang,
        _("This link cannot be used"),
        _(
            "The link to the answer has expired or is not valid. Contact us if you still need "
            "the answer."
        ),
        status=404,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """The download page: ask for the address, e-mail a fresh link, or offer the file."""
    with translation.override(lang):
        bundle = bundle_for_token(token)
        if bundle is None:
            return _expired(request, lang)
        if _confirmed_email(request) == bundle.request.verified_email:
            download = reverse(_name("download", lang), kwargs={"token": token})
            return _page(request, lang, "answer_ready.html", {"download_url": download})
        form = EmailForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            email = str(form.cleaned_data["email"]).strip().lower()
            request.session[SESSION_ANSWER_LINK] = token
            if email == bundle.request.verified_email:
                send_answer_link(email, ip=_ip(request), language=lang)
            return _message(
                request,
                lang,
                _("Check your e-mail"),
                _(
                    "If this is the address we sent the answer to, we have sent it a one-time "
                    "link. Open it in this browser to download the answer."
                ),
            )
    return _page(request, lang, "answer_email.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def download_confirm(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """GET shows a button; POST redeems the one-time answer link for this session."""
    with translation.override(lang):
        if request.method != "POST":
            return _page(
                request,
                lang,
                "confirm.html",
                {
                    "heading": _("Download our answer"),
                    "text": _("Press the button to confirm your e-mail address."),
                    "button": _("Confirm"),
                },
            )
        try:
            email = redeem_answer_link(token)
        except ChallengeRefused:
            return _message(
                request,
                lang,
                _("This link cannot be used"),
                _("The link has expired, has been used already or is not valid."),
                status=400,
            )
        request.session[SESSION_EMAIL] = email
        request.session[SESSION_AT] = timezone.now().isoformat()
        answer_token = request.session.get(SESSION_ANSWER_LINK, "")
        if answer_token:
            return HttpResponseRedirect(
                reverse(_name("answer", lang), kwargs={"token": answer_token})
            )
        return _message(
            request,
            lang,
            _("Your e-mail address is confirmed"),
            _("Open the link in our answer e-mail again in this browser to download the answer."),
        )


@require_safe
def download(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """The answer's zip file, for a session that confirmed the verified address."""
    with translation.override(lang):
        bundle = bundle_for_token(token)
        if bundle is None:
            return _expired(request, lang)
        if _confirmed_email(request) != bundle.request.verified_email:
            return HttpResponseRedirect(reverse(_name("answer", lang), kwargs={"token": token}))
    content = read_document(bundle)
    record_download(actor=PRIVACY_CENTER, bundle=bundle)
    return _file_response(bundle, content)


def _file_response(bundle: AnswerDocument, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{bundle.name}"'
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Cache-Control"] = "no-store"
    return response
