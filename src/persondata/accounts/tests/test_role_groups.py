"""The four roles exist as groups holding exactly the capabilities of accounts/roles.py."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from persondata.accounts.role_groups import sync_role_groups
from persondata.accounts.roles import CAPABILITIES, ROLES, RoleError, check_role

pytestmark = pytest.mark.django_db


def _capabilities(group: Group) -> set[str]:
    return set(group.permissions.values_list("codename", flat=True))


def test_the_migrated_groups_hold_exactly_their_capabilities():
    sync_role_groups(Group, Permission)  # a flushed database starts again from the table
    for role, capabilities in ROLES.items():
        assert _capabilities(Group.objects.get(name=role)) == set(capabilities)


def test_the_auditor_may_only_read():
    assert ROLES["auditor"] == {
        "view_register",
        "view_requests",
        "view_declaration",
        "view_retention",
        "view_audit",
    }


def test_only_the_administrator_manages_staff():
    assert [role for role, caps in ROLES.items() if "manage_staff" in caps] == ["admin"]


def test_every_role_uses_only_known_capabilities():
    for capabilities in ROLES.values():
        assert capabilities <= set(CAPABILITIES)


def test_syncing_removes_a_permission_added_to_a_role_by_hand():
    sync_role_groups(Group, Permission)
    auditor = Group.objects.get(name="auditor")
    auditor.permissions.add(Permission.objects.get(codename="erase_subjects"))
    sync_role_groups(Group, Permission)
    assert "erase_subjects" not in _capabilities(auditor)


def test_an_unknown_role_is_refused_with_the_choices():
    with pytest.raises(RoleError, match="admin, dpo, staff, auditor"):
        check_role("owner")
