"""One-click unsubscribe links (/u/<token>) and the RFC 8058 headers."""

from __future__ import annotations

import pytest
from django.test import Client

from persondata.consent.actions import OBJECTION_LINKS, revoke_unsubscribe_links
from persondata.consent.models import ConsentEntry, MarketingObjection
from persondata.consent.tests.factories import ACTOR, consent, make_subject
from persondata.consent.unsubscribe import make_token, unsubscribe_headers, unsubscribe_url
from persondata.consent.views import CONTENT_SECURITY_POLICY
from persondata.subjects.actions import erase_subject

pytestmark = pytest.mark.usefixtures("declaration")

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def subscriber():
    subject = make_subject()
    consent(subject)
    return subject


@pytest.fixture
def client() -> Client:
    # As a mail provider or a browser from another site: no cookies, CSRF enforced.
    return Client(enforce_csrf_checks=True)


def _path(subject, purpose="newsletter") -> str:
    return f"/u/{make_token(subject, purpose)}"


def test_the_headers_give_the_link_and_ask_for_one_click(subscriber, settings):
    settings.PUBLIC_URL = "https://privacy.example.dk/"
    headers = unsubscribe_headers(subscriber, "newsletter")
    assert headers["List-Unsubscribe"] == f"<https://privacy.example.dk{_path(subscriber)}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_opening_the_link_asks_first_and_changes_nothing(subscriber, client):
    response = client.get(_path(subscriber))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vil du tilbagekalde dit samtykke" in page
    assert "Ja tak, send mig nyhedsbrevet" in page
    assert 'method="post"' in page
    assert ConsentEntry.objects.count() == 1


def test_the_page_is_in_the_subjects_language(client):
    subject = make_subject(language="en")
    consent(subject)
    page = client.get(_path(subject)).content.decode()
    assert "Do you want to withdraw your consent to this?" in page
    assert '<html lang="en">' in page


def test_a_one_click_post_withdraws_at_once_with_channel_email_link(subscriber, client):
    response = client.post(
        _path(subscriber), ONE_CLICK, REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="MailBot/1"
    )
    assert response.status_code == 200
    entry = ConsentEntry.objects.latest("id")
    assert (entry.given, entry.channel) == (False, "email_link")
    assert entry.evidence == {"form": "one-click"}
    assert (entry.ip, entry.user_agent) == ("198.51.100.7", "MailBot/1")


def test_the_button_on_the_page_withdraws_without_a_csrf_token(subscriber, client):
    response = client.post(_path(subscriber), {"confirm": "1"})
    assert response.status_code == 200
    assert "Du er afmeldt" in response.content.decode()
    assert ConsentEntry.objects.latest("id").evidence == {"form": "unsubscribe-page"}


def test_a_second_click_says_so_and_writes_nothing(subscriber, client):
    client.post(_path(subscriber), ONE_CLICK)
    response = client.post(_path(subscriber), ONE_CLICK)
    assert "Du er allerede afmeldt" in response.content.decode()
    assert ConsentEntry.objects.count() == 2
    assert "allerede afmeldt" in client.get(_path(subscriber)).content.decode()


def test_an_objection_link_refuses_all_direct_marketing(subscriber, client):
    response = client.post(_path(subscriber, OBJECTION_LINKS), ONE_CLICK)
    assert response.status_code == 200
    objection = MarketingObjection.objects.get()
    assert (objection.subject_id, objection.source) == (subscriber.pk, "email_link")


def _tampered(token: str) -> list[str]:
    purpose, payload, signature = token.split(":")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return [
        f"{purpose}:{payload}:{flipped}",
        f"sms_offers:{payload}:{signature}",
        f"{OBJECTION_LINKS}:{payload}:{signature}",
        f"{purpose}:{payload[:-2]}:{signature}",
        f"{purpose}:{payload}",
        f"{purpose}:{payload}:",
        "newsletter",
        "x" * 80,
    ]


def test_a_forged_or_altered_token_says_the_link_is_not_valid_and_changes_nothing(
    subscriber, client
):
    for token in _tampered(make_token(subscriber, "newsletter")):
        for response in (client.get(f"/u/{token}"), client.post(f"/u/{token}", ONE_CLICK)):
            assert response.status_code == 400, token
            assert "Linket er ikke gyldigt" in response.content.decode()
    assert ConsentEntry.objects.count() == 1
    assert not MarketingObjection.objects.exists()


def test_a_token_signed_for_another_subject_cannot_be_reused(subscriber, client):
    other = make_subject(display_name="Ida", email="ida@example.dk")
    consent(other)
    mine = make_token(subscriber, "newsletter").split(":")
    theirs = make_token(other, "newsletter").split(":")
    response = client.post(f"/u/{mine[0]}:{theirs[1]}:{mine[2]}", ONE_CLICK)
    assert response.status_code == 400
    assert ConsentEntry.objects.filter(given=False).count() == 0


def test_a_revoked_link_no_longer_works_but_a_new_one_does(subscriber, client):
    old = _path(subscriber)
    assert revoke_unsubscribe_links(actor=ACTOR, subject=subscriber, purpose="newsletter") == 1
    assert client.post(old, ONE_CLICK).status_code == 400
    assert ConsentEntry.objects.count() == 1
    assert client.post(_path(subscriber), ONE_CLICK).status_code == 200
    assert ConsentEntry.objects.count() == 2


def test_links_of_an_erased_subject_are_not_valid(subscriber, client):
    path = _path(subscriber)
    erase_subject(actor=ACTOR, subject=subscriber)
    assert client.get(path).status_code == 400


def test_the_pages_have_a_strict_content_security_policy(subscriber, client):
    for response in (client.get(_path(subscriber)), client.get("/u/forged")):
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "<script" not in response.content.decode()
        assert "style=" not in response.content.decode()


def test_an_unknown_purpose_has_no_links(subscriber):
    with pytest.raises(ValueError, match="purpose: 'weekly' is not a consent purpose"):
        unsubscribe_url(subscriber, "weekly")
