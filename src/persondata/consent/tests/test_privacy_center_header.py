"""The consent pages carry the privacy center's header, as the request form does."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("declaration")

HEADER = re.compile(r"<header[^>]*>.*?</header>", re.S)
STYLESHEETS = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def _header(page: str) -> str:
    found = HEADER.search(page)
    assert found, page
    return found.group(0)


@pytest.mark.parametrize(
    ("consent", "request_form", "other"),
    [("/samtykke/", "/anmodning/", "/en/"), ("/en/consent/", "/en/request/", "/")],
)
def test_the_consent_page_has_the_request_forms_header_and_language_switch(
    client: Client, consent: str, request_form: str, other: str
) -> None:
    consent_page = client.get(consent).content.decode()
    form_page = client.get(request_form).content.decode()
    consent_header, form_header = _header(consent_page), _header(form_page)
    assert 'class="site"' in consent_header and 'class="controller-name"' in consent_header
    # Same controller line and the same switch words; only the addresses differ.
    assert re.sub(r'href="[^"]+"', "", consent_header) == re.sub(r'href="[^"]+"', "", form_header)
    switch = re.search(r'<nav class="tools".*?href="([^"]+)"', consent_header, re.S)
    assert switch and switch.group(1).startswith(other)
    assert client.get(switch.group(1)).status_code == 200
    # The same page style, plus the consent forms' own rules.
    assert set(STYLESHEETS.findall(form_page)) < set(STYLESHEETS.findall(consent_page))


def test_a_bad_address_gets_400_with_the_header_and_the_error(client: Client) -> None:
    response = client.post("/samtykke/", {"email": "ikke-en-adresse"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="controller-name"' in _header(page)
    assert 'role="alert"' in page
