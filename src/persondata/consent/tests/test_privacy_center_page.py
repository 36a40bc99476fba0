"""The privacy center's consent page: /samtykke/ and /en/consent/."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from persondata.consent.actions import object_to_direct_marketing, withdraw_consent
from persondata.consent.models import ConsentEntry, MarketingObjection
from persondata.consent.tests.factories import (
    ACTOR,
    DECLARATION_PATH,
    NOW,
    consent,
    make_subject,
)
from persondata.consent.views import CONTENT_SECURITY_POLICY
from persondata.policy.actions import apply_declaration

pytestmark = pytest.mark.usefixtures("declaration")

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def _post(browser: Client, path: str, data: dict[str, str]):
    page = browser.get(path)
    token = CSRF.search(page.content.decode())
    assert token, page.content.decode()
    return browser.post(path, {**data, "csrfmiddlewaretoken": token.group(1)})


def _main(response) -> str:
    # The page without the CSRF token, which differs per request.
    return CSRF.sub("", response.content.decode())


def _mailed_path() -> str:
    link = re.search(r"https?://[^/]+(/\S+)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    return link.group(1)


def _open_center(browser: Client, email: str = "jens@example.dk", lang: str = "da"):
    start = "/samtykke/" if lang == "da" else "/en/consent/"
    _post(browser, start, {"email": email})
    return _post(browser, _mailed_path(), {})


def test_the_answer_is_the_same_whether_or_not_the_address_is_registered(browser):
    make_subject()
    known = _post(browser, "/samtykke/", {"email": "jens@example.dk"})
    unknown = _post(Client(enforce_csrf_checks=True), "/samtykke/", {"email": "who@example.dk"})
    assert known.status_code == unknown.status_code == 200
    assert _main(known) == _main(unknown)
    assert "Hvis vi har din adresse, har vi sendt dig et link" in _main(known)
    assert len(mail.outbox) == 1


def test_the_form_needs_its_csrf_token(browser):
    make_subject()
    response = browser.post("/samtykke/", {"email": "jens@example.dk"})
    assert response.status_code == 403
    assert mail.outbox == []


def test_something_that_is_not_an_address_is_asked_again(browser):
    response = _post(browser, "/samtykke/", {"email": "jens at example"})
    assert response.status_code == 400
    assert "Skriv en e-mailadresse" in response.content.decode()


def test_opening_the_link_shows_a_button_and_does_not_use_it_up(browser):
    make_subject()
    _post(browser, "/samtykke/", {"email": "jens@example.dk"})
    path = _mailed_path()
    for _ in range(2):
        page = browser.get(path)
        assert page.status_code == 200
        assert "Vis mine samtykker" in page.content.decode()
    response = _post(browser, path, {})
    assert response.status_code == 302
    assert response["Location"] == "/samtykke/mine/"


def test_a_used_link_cannot_be_used_again(browser):
    make_subject()
    _open_center(browser)
    path = _mailed_path()
    response = _post(Client(enforce_csrf_checks=True), path, {})
    assert response.status_code == 400
    assert "Linket kan ikke bruges" in response.content.decode()


def test_the_page_lists_each_consent_with_the_exact_text_agreed_to(browser):
    subject = make_subject()
    consent(subject)
    _open_center(browser)
    page = browser.get("/samtykke/mine/").content.decode()
    assert "Du gav samtykke den 2026-03-02 til denne tekst (version 2):" in page
    assert "Ja tak, send mig nyhedsbrevet med tilbud og nyheder." in page
    assert "Tilbagekald samtykke" in page
    assert "Ja tak, send mig tilbud på sms." in page
    assert "Du har ikke givet samtykke." in page


def test_the_person_can_withdraw_and_give_consent_with_evidence(browser):
    subject = make_subject()
    consent(subject)
    _open_center(browser)
    response = _post(browser, "/samtykke/mine/", {"choice": "withdraw", "purpose": "newsletter"})
    assert response.status_code == 302
    assert "Dit samtykke er tilbagekaldt" in browser.get("/samtykke/mine/").content.decode()
    _post(browser, "/samtykke/mine/", {"choice": "give", "purpose": "sms_offers"})
    withdrawn, given = ConsentEntry.objects.order_by("id")[1:]
    assert (withdrawn.purpose, withdrawn.given, withdrawn.channel) == (
        "newsletter",
        False,
        "web_form",
    )
    assert (given.purpose, given.given, given.evidence) == (
        "sms_offers",
        True,
        {"form": "privacy-center"},
    )
    assert given.ip == "127.0.0.1"


def test_the_buttons_need_the_csrf_token(browser):
    subject = make_subject()
    consent(subject)
    _open_center(browser)
    response = browser.post("/samtykke/mine/", {"choice": "withdraw", "purpose": "newsletter"})
    assert response.status_code == 403
    assert ConsentEntry.objects.count() == 1


def test_the_person_can_object_and_lift_the_objection(browser):
    make_subject()
    _open_center(browser)
    _post(browser, "/samtykke/mine/", {"choice": "object"})
    assert MarketingObjection.objects.get().source == "web_form"
    page = browser.get("/samtykke/mine/").content.decode()
    assert "Du gjorde den 2026-03-02 indsigelse mod direkte markedsføring" in page
    _post(browser, "/samtykke/mine/", {"choice": "lift"})
    objection = MarketingObjection.objects.get()
    assert objection.lifted_at is not None
    assert "privacy center" in objection.lift_statement


def test_an_outdated_consent_shows_both_texts(browser, tmp_path):
    subject = make_subject()
    consent(subject)
    text = DECLARATION_PATH.read_text(encoding="utf-8")
    changed = tmp_path / "v3.yaml"
    changed.write_text(
        text.replace("    version: 2\n", "    version: 3\n").replace(
            "med tilbud og nyheder.", "med tilbud, nyheder og invitationer."
        ),
        encoding="utf-8",
    )
    apply_declaration(path=changed, actor_label="test")
    _open_center(browser)
    page = browser.get("/samtykke/mine/").content.decode()
    assert "med tilbud og nyheder." in page
    assert "Den nye tekst (version 3) er:" in page
    assert "med tilbud, nyheder og invitationer." in page


def test_the_visit_ends_after_30_minutes(browser):
    make_subject()
    _open_center(browser)
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        response = browser.get("/samtykke/mine/")
    assert response.status_code == 403
    assert "Din adgang er udløbet" in response.content.decode()


def test_without_a_verified_visit_the_page_shows_nothing(browser):
    subject = make_subject()
    consent(subject)
    response = browser.get("/samtykke/mine/")
    assert response.status_code == 403
    assert "nyhedsbrevet" not in response.content.decode()


def test_the_english_pages_speak_english(browser):
    subject = make_subject()
    consent(subject)
    _open_center(browser, lang="en")
    page = browser.get("/en/consent/mine/").content.decode()
    assert '<html lang="en">' in page
    assert "You consented on 2026-03-02 to this text (version 2):" in page
    assert "Yes, send me the newsletter" in page


def test_every_page_has_the_strict_policy_and_no_inline_script_or_style(browser):
    subject = make_subject()
    consent(subject)
    object_to_direct_marketing(actor=ACTOR, subject=subject)
    withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
    pages = [browser.get("/samtykke/"), browser.get("/en/consent/")]
    pages.append(_open_center(browser))
    pages.append(browser.get("/samtykke/mine/"))
    for response in pages:
        if response.status_code == 302:
            continue
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        html = response.content.decode()
        assert "<script" not in html
        assert "style=" not in html
        assert "<style" not in html
