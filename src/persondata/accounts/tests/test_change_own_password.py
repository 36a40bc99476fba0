"""A staff member changes their own password: the current one is checked, the
password rules apply, and the change is audited without any password."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from persondata.accounts.actions import StaffAccountError, change_own_password
from persondata.accounts.tests.personas import PASSWORD, make_staff
from persondata.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW = "seven horses cross the fjord"


def test_the_password_changes_and_the_entry_holds_no_password():
    user = make_staff("ida", "staff")
    change_own_password(user=user, old_password=PASSWORD, new_password=NEW)
    user.refresh_from_db()
    assert user.check_password(NEW)
    entry = AuditEntry.objects.get(action="staff.password.change")
    assert (entry.actor, entry.object_type, entry.object_id) == ("ida", "user", str(user.pk))
    stored = json.dumps(entry.details)
    assert PASSWORD not in stored and NEW not in stored


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("wrong", NEW, "old_password: your current password was entered incorrectly"),
        (PASSWORD, PASSWORD, "new_password: is the same as the current password"),
        (PASSWORD, "short", "new_password: This password is too short"),
        (PASSWORD, "1234567890123", "new_password: .*entirely numeric"),
        (PASSWORD, "password1234", "new_password: .*too common"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(old, new, error):
    user = make_staff("ida", "staff")
    before = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    with translation.override("en"), pytest.raises(StaffAccountError, match=error):
        change_own_password(user=user, old_password=old, new_password=new)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # Only a wrong current password is audited (it counts towards the lock).
    written = list(AuditEntry.objects.filter(sequence__gt=before).values_list("action", flat=True))
    assert written == (["staff.password.change_failed"] if old == "wrong" else [])
