"""Staff log in with a password and then a TOTP code; the first login enrols
the authenticator app and shows recovery codes; every step is audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from persondata.accounts.tests.personas import PASSWORD, totp_device
from persondata.audit.models import AuditEntry
from persondata.web.staff.tests.logins import current_code

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))


def _password_step(client: Client, username: str, password: str = PASSWORD):
    return client.post("/staff/login/", {"username": username, "password": password})


def test_a_password_alone_opens_no_staff_page(client, staff_member):
    totp_device(staff_member)
    response = _password_step(client, staff_member.username)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/kode/")
    dashboard = client.get("/staff/")
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith("/staff/login/kode/?next=/staff/")


def test_the_code_from_the_app_completes_the_login(client, staff_member):
    device = totp_device(staff_member)
    _password_step(client, staff_member.username)
    response = client.post("/staff/login/kode/", {"code": current_code(device), "next": "/staff/"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    actions = _actions()
    assert actions.index("staff.login.password") < actions.index("staff.login")


def test_a_wrong_code_is_refused_and_audited(client, staff_member):
    device = totp_device(staff_member)
    _password_step(client, staff_member.username)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/staff/login/kode/", {"code": wrong})
    assert response.status_code == 200
    assert "koden blev ikke godkendt" in response.content.decode()
    assert "staff.login.second_factor_failed" in _actions()
    assert client.get("/staff/").status_code == 302


def test_the_first_login_enrols_the_app_with_a_qr_code_and_recovery_codes(client, dpo):
    _password_step(client, dpo.username)
    response = client.get("/staff/login/kode/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/staff/login/opsaetning/"
    )
    page = client.get("/staff/login/opsaetning/").content.decode()
    assert "<svg" in page and "<script" not in page.split("</head>")[1]
    device = TOTPDevice.objects.get(user=dpo, confirmed=False)
    done = client.post("/staff/login/opsaetning/", {"code": current_code(device)})
    assert done.status_code == 200
    codes = StaticToken.objects.filter(device__user=dpo).values_list("token", flat=True)
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert client.get("/staff/").status_code == 200
    assert "staff.totp.enrolled" in _actions()


def test_a_recovery_code_works_once(client, staff_member):
    totp_device(staff_member)
    from persondata.accounts.actions import generate_recovery_codes

    code = generate_recovery_codes(actor="test", user=staff_member)[0]
    _password_step(client, staff_member.username)
    assert client.post("/staff/login/kode/", {"code": code}).status_code == 302
    assert client.get("/staff/").status_code == 200
    entry = AuditEntry.objects.filter(action="staff.login").latest("sequence")
    assert entry.details["method"] == "recovery_code"
    assert entry.details["recovery_codes_left"] == 9
    other = Client()
    _password_step(other, staff_member.username)
    again = other.post("/staff/login/kode/", {"code": code})
    assert again.status_code == 200 and "blev ikke godkendt" in again.content.decode()


def test_a_wrong_password_is_audited_without_the_attempted_name(client, staff_member):
    response = _password_step(client, staff_member.username, "not the password at all")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="staff.login.failed").latest("sequence")
    assert entry.details["known_user"] is True
    assert entry.object_id == str(staff_member.pk)
    assert staff_member.username not in str(entry.details)


def test_too_many_failures_lock_the_login(client, staff_member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, staff_member.username, "wrong password, again")
    locked = _password_step(client, staff_member.username)  # even the right password now
    assert locked.status_code == 429
    assert "staff.login.locked_out" in _actions()
    assert client.get("/staff/").status_code == 302


def test_an_account_that_is_not_staff_cannot_log_in(client, django_user_model):
    django_user_model.objects.create_user(username="kunde", password=PASSWORD)
    response = _password_step(client, "kunde")
    assert response.status_code == 200
    assert "ikke adgang til medarbejdersiderne" in response.content.decode()


def test_logging_out_is_audited_and_ends_the_session(client_as, auditor):
    client = client_as(auditor)
    assert client.post("/staff/logout/").status_code == 302
    assert "staff.logout" in _actions()
    assert client.get("/staff/").status_code == 302


def test_an_idle_session_expires(client_as, auditor, settings):
    client = client_as(auditor)
    assert client.get("/staff/").status_code == 200
    session = client.session
    session["persondata_last_seen"] -= settings.SESSION_IDLE_SECONDS + 1
    session.save()
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    assert "staff.session.expired" in _actions()


def test_the_admin_site_needs_both_factors(client, admin_user):
    client.force_login(admin_user)  # a password-only session
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/kode/")
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/staff/login/?next=%2Fadmin%2F"


def test_a_next_address_on_another_site_is_ignored(client, staff_member):
    device = totp_device(staff_member)
    _password_step(client, staff_member.username)
    response = client.post(
        "/staff/login/kode/", {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/staff/"
