"""Wrong current passwords on the password-change page are counted and
audited; after the login's failure limit, password changes are refused for
the login's cool-off, even with the right password."""

from __future__ import annotations

import pytest
import time_machine
from django.test import override_settings

from persondata.accounts.actions import (
    PasswordChangeLocked,
    StaffAccountError,
    WrongCurrentPassword,
    change_own_password,
)
from persondata.accounts.actions.staff import password_change_locked_until
from persondata.accounts.tests.personas import PASSWORD
from persondata.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a new and long passphrase 42"
CHANGE = "/staff/konto/adgangskode/"


def _change(client, old: str):
    return client.post(
        CHANGE, {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=0.25)
def test_wrong_current_passwords_are_audited_and_lock_the_change(client_as, staff_member):
    client = client_as(staff_member)
    for _attempt in range(2):
        response = _change(client, "not my password")
        assert response.status_code == 400
        assert "Din gamle adgangskode blev ikke indtastet korrekt" in response.content.decode()
    failed = list(AuditEntry.objects.filter(action="staff.password.change_failed"))
    assert len(failed) == 2
    assert {entry.actor for entry in failed} == {staff_member.username}
    assert all("not my password" not in str(entry.details) for entry in failed)
    third = _change(client, "still not it")
    assert third.status_code == 429
    assert "For mange forkerte" in third.content.decode()
    assert AuditEntry.objects.filter(action="staff.password.change_locked").count() == 1
    # Locked: even the right password changes nothing, and is not checked or counted.
    right = _change(client, PASSWORD)
    assert right.status_code == 429
    staff_member.refresh_from_db()
    assert staff_member.check_password(PASSWORD)
    assert AuditEntry.objects.filter(action="staff.password.change_failed").count() == 3
    assert not AuditEntry.objects.filter(action="staff.password.change").exists()


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=0.25)
def test_the_lock_ends_after_the_cool_off(staff_member):
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False):
        for _attempt in range(2):
            with pytest.raises(StaffAccountError):  # the second is the lock
                change_own_password(user=staff_member, old_password="x", new_password=NEW_PASSWORD)
        until = password_change_locked_until(staff_member)
        assert until is not None and until.isoformat() == "2026-03-02T10:15:00+00:00"
    with (
        time_machine.travel("2026-03-02 10:14:59+00:00", tick=False),
        pytest.raises(PasswordChangeLocked),
    ):
        change_own_password(user=staff_member, old_password=PASSWORD, new_password=NEW_PASSWORD)
    with time_machine.travel("2026-03-02 10:15:01+00:00", tick=False):
        change_own_password(user=staff_member, old_password=PASSWORD, new_password=NEW_PASSWORD)
    staff_member.refresh_from_db()
    assert staff_member.check_password(NEW_PASSWORD)


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=0.25)
def test_a_successful_change_starts_the_count_again(staff_member):
    with pytest.raises(WrongCurrentPassword):
        change_own_password(user=staff_member, old_password="x", new_password=NEW_PASSWORD)
    change_own_password(user=staff_member, old_password=PASSWORD, new_password=NEW_PASSWORD)
    with pytest.raises(WrongCurrentPassword):
        change_own_password(user=staff_member, old_password="x", new_password=PASSWORD + "!")
    assert password_change_locked_until(staff_member) is None
