"""The privacy center's request form: CSRF, the same answer for everyone, rate limits."""

from __future__ import annotations

import pytest
from django.test import Client

from persondata.rights.models import RightsRequest
from persondata.rights.tests.factories import EMAIL
from persondata.rights.tests.privacy_center import mails_to, send_form
from persondata.rights.views import REQUESTS_PER_ADDRESS, REQUESTS_PER_IP


def test_the_form_is_shown_in_danish_and_english(demo):
    client = Client()
    danish = client.get("/anmodning/")
    english = client.get("/en/request/")
    assert danish.status_code == english.status_code == 200
    assert "Brug dine rettigheder" in danish.content.decode()
    assert "Use your rights" in english.content.decode()
    assert "csrfmiddlewaretoken" in danish.content.decode()
    assert "default-src 'none'" in danish["Content-Security-Policy"]


def test_the_form_is_refused_without_its_csrf_token(demo):
    client = Client(enforce_csrf_checks=True)
    response = send_form(client)
    assert response.status_code == 403
    assert RightsRequest.objects.count() == 0


def _final_page(client: Client, response) -> str:
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_a_registered_and_an_unknown_person_see_the_same_page(customer):
    client = Client()
    known = _final_page(client, send_form(client, email=EMAIL))
    unknown = _final_page(client, send_form(client, email="stranger@example.dk"))
    assert known == unknown
    assert "Hvis din e-mailadresse er i vores register" in known
    # Both requests are recorded for staff; only the registered address gets a link.
    assert RightsRequest.objects.count() == 2
    assert mails_to(EMAIL) == 1
    assert mails_to("stranger@example.dk") == 0


def test_a_request_from_the_form_waits_for_verification(customer):
    client = Client()
    send_form(client, kind="erasure", lang="en")
    rights_request = RightsRequest.objects.get()
    assert rights_request.kind == "erasure"
    assert rights_request.channel == "web"
    assert rights_request.language == "en"
    assert rights_request.verified_at is None
    assert rights_request.subject is None
    assert rights_request.ip_digest and "203.0.113.9" not in rights_request.ip_digest


def test_a_bad_address_is_shown_on_the_form_and_nothing_is_stored(demo):
    client = Client()
    response = send_form(client, email="not-an-address")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error"' in page
    assert '<form method="post"' in page and 'name="email"' in page
    assert RightsRequest.objects.count() == 0


def test_a_card_number_in_the_message_is_refused(demo):
    client = Client()
    response = client.post(
        "/en/request/",
        {"kind": "access", "name": "M", "email": EMAIL, "message": "card 4111 1111 1111 1111"},
    )
    assert response.status_code == 400
    assert "do not write a card number" in response.content.decode()
    assert RightsRequest.objects.count() == 0


def test_too_many_requests_from_one_address_get_the_same_page_and_are_not_stored(customer):
    client = Client()
    pages = {_final_page(client, send_form(client)) for _ in range(REQUESTS_PER_ADDRESS + 2)}
    assert len(pages) == 1
    assert RightsRequest.objects.count() == REQUESTS_PER_ADDRESS


@pytest.mark.parametrize("extra", [0, 3])
def test_too_many_requests_from_one_ip_address_are_not_stored(demo, extra):
    client = Client()
    for n in range(REQUESTS_PER_IP + extra):
        send_form(client, email=f"person{n}@example.dk")
    assert RightsRequest.objects.count() == REQUESTS_PER_IP
