"""The public shell: a strict CSP on every response, Danish by default with an
English switch that needs no JavaScript, and the controller's contact data."""

from __future__ import annotations

import pytest

from persondata.web.security_headers import CONTENT_SECURITY_POLICY
from persondata.web.tests.world import make_world

pytestmark = pytest.mark.django_db


def test_every_page_has_a_strict_content_security_policy(client, admin_client):
    make_world()
    for response in (
        client.get("/"),
        client.get("/staff/login/"),
        client.get("/does-not-exist/"),
        admin_client.get("/staff/"),
    ):
        policy = response["Content-Security-Policy"]
        assert "default-src 'none'" in policy
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert "frame-ancestors 'none'" in policy


def test_a_view_that_sets_a_stricter_policy_keeps_it(client):
    make_world()
    policy = client.get("/privatlivspolitik/")["Content-Security-Policy"]
    assert policy != CONTENT_SECURITY_POLICY
    assert "script-src" not in policy  # the documents allow no scripts at all


def test_pages_hold_no_inline_script_or_style(client, admin_client):
    make_world()
    for page in (client.get("/").content, admin_client.get("/staff/").content):
        text = page.decode()
        assert "<style" not in text
        assert " style=" not in text
        for chunk in text.split("<script")[1:]:
            assert chunk.lstrip().startswith("src=")


def test_the_front_page_is_danish_whatever_the_browser_asks_for(client):
    make_world()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "da"
    assert '<html lang="da">' in response.content.decode()


def test_the_language_switch_is_a_link_that_remembers_english(client):
    make_world()
    switch = client.get("/sprog/en/?next=/")
    assert switch.status_code == 302 and switch["Location"] == "/"
    page = client.get("/")
    assert '<html lang="en">' in page.content.decode()
    assert "/en/privacy-policy/" in page.content.decode()


def test_the_switch_never_leads_off_the_site_and_ignores_unknown_languages(client):
    assert client.get("/sprog/en/?next=https://evil.example/")["Location"] == "/"
    response = client.get("/sprog/xx/?next=/")
    assert "django_language" not in response.cookies


def test_the_front_page_shows_the_controllers_contact_data_and_the_options(client):
    make_world()
    page = client.get("/").content.decode()
    assert "Nordlys IT ApS" in page
    assert "/privatlivspolitik/" in page
    assert "/anmodning/" in page
    assert "/samtykke/" in page
