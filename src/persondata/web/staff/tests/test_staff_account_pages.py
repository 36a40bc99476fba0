"""The staff accounts pages name each role in the page's language."""

from __future__ import annotations

import pytest
from django.conf import settings

from persondata.accounts.tests.personas import make_staff

pytestmark = pytest.mark.django_db


def test_roles_are_named_in_danish_and_in_english(client_as):
    boss = make_staff("boss", "admin")
    dpo = make_staff("dorte", "dpo")
    client = client_as(boss)
    listing = client.get("/staff/medarbejdere/").content.decode()
    assert "<td>Databeskyttelsesrådgiver</td>" in listing
    assert "<td>Administrator</td>" in listing
    page = client.get(f"/staff/medarbejdere/{dpo.pk}/").content.decode()
    assert "<dd>Databeskyttelsesrådgiver</dd>" in page
    assert "Revisor (kun læseadgang)" in page  # the role form's choices
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "<td>Data protection officer</td>" in client.get("/staff/medarbejdere/").content.decode()
