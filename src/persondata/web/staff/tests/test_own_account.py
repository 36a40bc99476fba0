"""A staff member's own account page: change the password (audited, never the
password itself) and make new recovery codes; linked from the staff nav."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticToken

from persondata.accounts.actions import generate_recovery_codes
from persondata.accounts.tests.personas import PASSWORD
from persondata.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a new and long passphrase 42"
CHANGE = "/staff/konto/adgangskode/"


def _change(client, old: str, new1: str, new2: str | None = None):
    return client.post(
        CHANGE,
        {"old_password": old, "new_password1": new1, "new_password2": new2 or new1},
    )


def test_every_staff_page_links_to_the_own_account_page(client_as, auditor):
    client = client_as(auditor)
    assert 'href="/staff/konto/"' in client.get("/staff/").content.decode()
    page = client.get("/staff/konto/").content.decode()
    assert auditor.username in page
    assert 'href="/staff/konto/adgangskode/"' in page
    assert 'href="/staff/gendannelseskoder/"' in page


def test_a_staff_member_changes_their_password_and_stays_logged_in(client_as, auditor):
    client = client_as(auditor)
    response = _change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/staff/konto/"
    assert "Din adgangskode blev ændret." in client.get("/staff/konto/").content.decode()
    assert client.get("/staff/").status_code == 200
    auditor.refresh_from_db()
    assert auditor.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="staff.password.change")
    assert entry.actor == auditor.username
    assert entry.object_id == str(auditor.pk)
    stored = json.dumps(entry.details) + entry.actor
    assert PASSWORD not in stored and NEW_PASSWORD not in stored


def test_the_other_sessions_of_the_user_end(client_as, staff_member):
    here, elsewhere = client_as(staff_member), client_as(staff_member)
    assert elsewhere.get("/staff/").status_code == 200
    _change(here, PASSWORD, NEW_PASSWORD)
    assert here.get("/staff/").status_code == 200
    response = elsewhere.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


@pytest.mark.parametrize(
    ("old", "new1", "new2", "error"),
    [
        (
            "not my password",
            NEW_PASSWORD,
            None,
            "Din gamle adgangskode blev ikke indtastet korrekt",
        ),
        (PASSWORD, "short", None, "Denne adgangskode er for kort"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "De to adgangskoder var ikke identiske"),
    ],
)
def test_a_refused_change_is_explained_and_changes_nothing(
    client_as, staff_member, old, new1, new2, error
):
    client = client_as(staff_member)
    response = _change(client, old, new1, new2)
    assert response.status_code == 400
    assert error in response.content.decode()
    staff_member.refresh_from_db()
    assert staff_member.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="staff.password.change").exists()


def test_the_password_page_is_english_when_english_is_chosen(client_as, staff_member):
    client = client_as(staff_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(CHANGE).content.decode()
    assert "Change your password" in page
    response = _change(client, "not my password", NEW_PASSWORD)
    assert "Your old password was entered incorrectly" in response.content.decode()


def test_a_staff_member_makes_new_recovery_codes_and_the_old_ones_stop_working(
    client_as, staff_member
):
    old = generate_recovery_codes(actor="test", user=staff_member)
    client = client_as(staff_member)
    assert "10" in client.get("/staff/konto/").content.decode()
    page = client.post("/staff/gendannelseskoder/").content.decode()
    new = list(
        StaticToken.objects.filter(device__user=staff_member).values_list("token", flat=True)
    )
    assert len(new) == 10
    assert all(code in page for code in new)
    assert not set(old) & set(new)
    entries = AuditEntry.objects.filter(action="staff.recovery_codes.generate")
    assert entries.count() == 2
    assert all(code not in json.dumps(e.details) for e in entries for code in new)


def test_nobody_changes_another_persons_password_here(client_as, staff_member, dpo):
    client = client_as(dpo)
    _change(client, PASSWORD, NEW_PASSWORD)
    assert User.objects.get(pk=staff_member.pk).check_password(PASSWORD)
    assert User.objects.get(pk=dpo.pk).check_password(NEW_PASSWORD)
