"""Public pages: unsubscribe links (``/u/<token>``) and the privacy center's
consent page (``/samtykke/``, ``/en/consent/``).

Every page carries a strict Content-Security-Policy (no scripts, styles
only from the site's own files) and says nothing about whether an address
is registered: the privacy center answers "if we have your address, we
have sent you a link" whatever happened. Privacy-center forms are
CSRF-protected; the unsubscribe view alone is exempt (see there).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from persondata.accounts.client_address import client_address
from persondata.consent import actions
from persondata.consent.errors import ConsentError
from persondata.consent.models import Channel
from persondata.consent.queries import consent_states, objection_in_force
from persondata.consent.unsubscribe import InvalidLink, read_token
from persondata.consent.verification import LINK_LIFETIME, ChallengeRefused, issue_challenge
from persondata.consent.verification import redeem_challenge as redeem
from persondata.consent.wording import words
from persondata.policy.queries import current_declaration
from persondata.subjects.models import DataSubject
from persondata.subjects.validation import InvalidValue

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SESSION_KEY = "consent_center"
# How long a verified privacy-center visit lasts.
CENTER_MINUTES = 30
CENTER_ACTOR = "privacy-center"
UNSUBSCRIBE_ACTOR = "unsubscribe-link"
ONE_CLICK = "One-Click"


def _page(
    request: HttpRequest, template: str, lang: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    declaration = current_declaration()
    controller = declaration.controller.name if declaration else ""
    with translation.override(lang):
        response = render(
            request,
            f"consent/{template}",
            {
                "lang": lang,
                "t": words(lang),
                "controller": controller,
                "controller_name": controller,
                **context,
            },
            status=status,
        )
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["Content-Language"] = lang
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _client(request: HttpRequest) -> dict[str, str]:
    evidence = {"ip": client_address(request)}
    agent = str(request.META.get("HTTP_USER_AGENT", ""))[:300]
    if agent:
        evidence["user_agent"] = agent
    return {k: v for k, v in evidence.items() if v}


# -- unsubscribe links -----------------------------------------------------------


# Exempt from CSRF on purpose: RFC 8058 one-click requests come from mail
# providers' servers without cookies or a CSRF token, and the signed token in
# the address is itself the secret that authorises the change. A forged
# cross-site POST would need the token, and whoever has it may unsubscribe.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a confirmation page with a button. POST: withdraw the consent (or
    object, for an objection link) at once, with channel ``email_link``;
    the body ``List-Unsubscribe=One-Click`` (RFC 8058) or the page's button.
    A forged, altered or revoked token changes nothing: 400 "not valid"."""
    try:
        link = read_token(token)
    except InvalidLink:
        lang = "en" if request.headers.get("Accept-Language", "").startswith("en") else "da"
        return _page(request, "invalid_link.html", lang, {}, status=400)
    subject = link.subject
    lang = subject.language
    text = _purpose_text(link.purpose, subject, lang)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == ONE_CLICK
        form = "one-click" if one_click else "unsubscribe-page"
        evidence = {"form": form, **_client(request)}
        if link.objects_to_all:
            actions.object_to_direct_marketing(
                actor=UNSUBSCRIBE_ACTOR, subject=subject, source=Channel.EMAIL_LINK
            )
            done = "refused"
        else:
            entry = actions.withdraw_consent(
                actor=UNSUBSCRIBE_ACTOR,
                subject=subject,
                purpose=link.purpose,
                channel=Channel.EMAIL_LINK,
                evidence=evidence,
            )
            done = "unsubscribed" if entry is not None else "already_unsubscribed"
        return _page(request, "unsubscribe_done.html", lang, {"done": words(lang)[done]})
    if link.objects_to_all:
        question = "refuse_question" if objection_in_force(subject) is None else ""
        button = "refuse_button"
    else:
        state = next((s for s in consent_states(subject, lang) if s.purpose == link.purpose), None)
        question = "unsubscribe_question" if state is not None and state.given else ""
        button = "unsubscribe_button"
    if not question:
        done = "refused" if link.objects_to_all else "already_unsubscribed"
        return _page(request, "unsubscribe_done.html", lang, {"done": words(lang)[done]})
    return _page(
        request,
        "unsubscribe.html",
        lang,
        {"question": words(lang)[question], "button": words(lang)[button], "text": text},
    )


def _purpose_text(purpose: str, subject: DataSubject, lang: str) -> str:
    for state in consent_states(subject, lang):
        if state.purpose == purpose:
            if state.latest is not None:
                return state.latest.text(lang)
            return state.current_text or ""
    return ""


# -- privacy center ------------------------------------------------------------------


def _center_url(name: str, lang: str, **kwargs: str) -> str:
    return reverse(f"consent:{name}_{lang}", kwargs=kwargs or None)


@require_http_methods(["GET", "HEAD", "POST"])
def center_start(request: HttpRequest, lang: str) -> HttpResponse:
    """The address form; on POST a one-time link is sent if we may, and the
    answer is the same whether or not the address is registered."""
    error = ""
    if request.method == "POST":
        try:
            issue_challenge(
                str(request.POST.get("email", "")),
                "consent",
                client_address(request),
                language=lang,
            )
        except InvalidValue:
            error = words(lang)["invalid_email"]
        else:
            hours = int(LINK_LIFETIME.total_seconds() // 3600)
            text = words(lang)["sent_text"].format(hours=hours)
            return _page(request, "center_sent.html", lang, {"text": text})
    return _page(
        request,
        "center_start.html",
        lang,
        {"error": error, "other_url": _center_url("center", "en" if lang == "da" else "da")},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def center_confirm(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """GET shows a button (so that mail scanners that open links do not use
    them up); POST redeems the one-time link and opens the consent page."""
    if request.method != "POST":
        return _page(request, "center_confirm.html", lang, {})
    try:
        email = redeem(token, "consent")
    except ChallengeRefused:
        return _page(
            request,
            "center_unusable.html",
            lang,
            {"start": _center_url("center", lang)},
            status=400,
        )
    request.session.cycle_key()
    until = timezone.now() + timedelta(minutes=CENTER_MINUTES)
    request.session[SESSION_KEY] = {"email": email, "until": until.isoformat()}
    return HttpResponseRedirect(_center_url("center_mine", lang))


def _verified_subject(request: HttpRequest) -> tuple[bool, DataSubject | None]:
    visit = request.session.get(SESSION_KEY)
    if not isinstance(visit, dict):
        return False, None
    try:
        until = datetime.fromisoformat(str(visit.get("until")))
    except ValueError:
        return False, None
    if timezone.now() >= until:
        request.session.pop(SESSION_KEY, None)
        return False, None
    return True, DataSubject.objects.filter(email=str(visit.get("email", ""))).first()


@require_http_methods(["GET", "HEAD", "POST"])
def center_mine(request: HttpRequest, lang: str) -> HttpResponse:
    """The verified person's consents with the text agreed to, and buttons to
    give or withdraw each, to object to direct marketing or lift the objection."""
    verified, subject = _verified_subject(request)
    t = words(lang)
    if not verified:
        return _page(
            request,
            "center_unusable.html",
            lang,
            {"start": _center_url("center", lang), "text": t["session_over"]},
            status=403,
        )
    if request.method == "POST" and subject is not None:
        done = _apply_choice(request, subject)
        if done:
            request.session[f"{SESSION_KEY}_done"] = done
        return HttpResponseRedirect(_center_url("center_mine", lang))
    done = request.session.pop(f"{SESSION_KEY}_done", "")
    objection = objection_in_force(subject) if subject is not None else None
    rows = []
    for state in consent_states(subject, lang) if subject is not None else []:
        rows.append(
            {
                "purpose": state.purpose,
                "state": state,
                "agreed_text": state.latest.text(lang) if state.given and state.latest else "",
                "display_text": state.current_text
                or (state.latest.text(lang) if state.latest else ""),
                "given_on": (
                    t["given_on"].format(
                        date=timezone.localdate(state.latest.at).isoformat(),
                        version=state.latest.version,
                    )
                    if state.given and state.latest
                    else ""
                ),
                "withdrawn_on": (
                    t["withdrawn_on"].format(date=timezone.localdate(state.latest.at).isoformat())
                    if state.latest is not None and not state.given
                    else ""
                ),
                "newer": (
                    t["newer_text"].format(version=state.current_version) if state.outdated else ""
                ),
            }
        )
    return _page(
        request,
        "center_mine.html",
        lang,
        {
            "other_url": _center_url("center_mine", "en" if lang == "da" else "da"),
            "rows": rows,
            "registered": subject is not None and bool(rows),
            "done": t.get(done, "") if done else "",
            "objected": (
                t["objected_on"].format(date=timezone.localdate(objection.at).isoformat())
                if objection
                else ""
            ),
            "can_object": subject is not None and objection is None,
        },
    )


def _apply_choice(request: HttpRequest, subject: DataSubject) -> str:
    """Carry out one button of the consent page; the key of the words to show."""
    choice = str(request.POST.get("choice", ""))
    purpose = str(request.POST.get("purpose", ""))
    evidence = {"form": "privacy-center", **_client(request)}
    try:
        if choice == "give":
            actions.give_consent(
                actor=CENTER_ACTOR,
                subject=subject,
                purpose=purpose,
                channel=Channel.WEB_FORM,
                evidence=evidence,
            )
            return "done_give"
        if choice == "withdraw":
            actions.withdraw_consent(
                actor=CENTER_ACTOR,
                subject=subject,
                purpose=purpose,
                channel=Channel.WEB_FORM,
                evidence=evidence,
            )
            return "done_withdraw"
        if choice == "object":
            actions.object_to_direct_marketing(
                actor=CENTER_ACTOR, subject=subject, source=Channel.WEB_FORM
            )
            return "done_object"
        if choice == "lift":
            actions.lift_objection(
                actor=CENTER_ACTOR,
                subject=subject,
                statement=(
                    "asked on the privacy center's consent page, after verifying the e-mail "
                    "address, to receive marketing again"
                ),
                channel=Channel.WEB_FORM,
            )
            return "done_lift"
    except ConsentError:
        return ""
    return ""
