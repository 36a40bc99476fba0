"""Changes of groups, permissions and staff flags are audited, whoever makes them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from persondata.accounts.acting import acting_as
from persondata.accounts.actions import (
    StaffAccountError,
    create_staff_user,
    deactivate_staff_user,
    set_staff_role,
)
from persondata.accounts.role_groups import sync_role_groups
from persondata.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roles():
    sync_role_groups(Group, Permission)


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("sequence"))


def test_creating_a_staff_user_is_audited_with_its_role():
    user, password = create_staff_user(actor="boss", username="ida", role="staff")
    assert user.check_password(password)
    created = _entries("staff.user.create")[-1]
    assert created.actor == "boss"
    assert created.object_id == str(user.pk)
    assert created.details["is_staff"] is True
    added = _entries("staff.groups.add")[-1]
    assert added.details == {"changed": ["staff"]} and added.actor == "boss"


def test_changing_a_role_audits_the_removed_and_the_added_group():
    user, _ = create_staff_user(actor="boss", username="ida", role="staff")
    set_staff_role(actor="boss", user=user, role="auditor")
    assert _entries("staff.groups.remove")[-1].details == {"changed": ["staff"]}
    assert _entries("staff.groups.add")[-1].details == {"changed": ["auditor"]}
    assert list(user.groups.values_list("name", flat=True)) == ["auditor"]


def test_a_change_made_outside_the_actions_is_audited_too():
    user, _ = create_staff_user(actor="boss", username="ida", role="staff")
    with acting_as("shell user"):
        user.user_permissions.add(Permission.objects.get(codename="erase_subjects"))
        user.is_superuser = True
        user.save()
    permissions = _entries("staff.permissions.add")[-1]
    assert permissions.details == {"changed": ["accounts.erase_subjects"]}
    assert permissions.actor == "shell user"
    flags = _entries("staff.user.flags")[-1]
    assert flags.details == {"is_superuser": [False, True]}


def test_clearing_a_users_groups_names_what_was_cleared():
    user, _ = create_staff_user(actor="boss", username="ida", role="dpo")
    with acting_as("boss"):
        user.groups.clear()
    assert _entries("staff.groups.clear")[-1].details == {"changed": ["dpo"]}


def test_changing_a_groups_permissions_is_audited():
    with acting_as("boss"):
        Group.objects.get(name="auditor").permissions.add(
            Permission.objects.get(codename="erase_subjects")
        )
    entry = _entries("group.permissions.add")[-1]
    assert entry.object_type == "group" and entry.details == {
        "changed": ["accounts.erase_subjects"]
    }


def test_deactivating_is_audited_and_nobody_deactivates_themselves():
    user, _ = create_staff_user(actor="boss", username="ida", role="staff")
    with pytest.raises(StaffAccountError, match="your own account"), translation.override("en"):
        deactivate_staff_user(actor="ida", user=user)
    with pytest.raises(StaffAccountError, match="din egen konto"), translation.override("da"):
        deactivate_staff_user(actor="ida", user=user)
    deactivate_staff_user(actor="boss", user=user)
    assert _entries("staff.user.flags")[-1].details == {"is_active": [True, False]}


def test_a_bad_username_or_role_creates_nothing():
    before = AuditEntry.objects.count()
    with pytest.raises(StaffAccountError, match="username"), translation.override("en"):
        create_staff_user(actor="boss", username="no spaces allowed", role="staff")
    with pytest.raises(StaffAccountError, match="brugernavn"), translation.override("da"):
        create_staff_user(actor="boss", username="no spaces allowed", role="staff")
    with pytest.raises(StaffAccountError, match="role"):
        create_staff_user(actor="boss", username="ida", role="owner")
    assert AuditEntry.objects.count() == before
