"""Make the role groups hold exactly the capabilities of ``accounts/roles.py``.

Called by migration 0003 (with the historical models) and after every
``migrate`` and ``flush`` (post_migrate, with the real ones), so that the
four groups exist and match the table even in a flushed test database.
Rows are written directly (no m2m signals, so no audit entries): this is
installation, not a change of anybody's access; changes made afterwards
through Django's API are audited by ``accounts/audit_signals.py``.
"""

from __future__ import annotations

from typing import Any

from persondata.accounts.roles import CAPABILITIES, ROLES


def sync_role_groups(group_model: Any, permission_model: Any) -> None:
    """Create missing role groups and set each one's capability permissions
    to exactly its row of ROLES (other permissions of those groups removed).

    Raises LookupError when the capability permissions do not exist yet
    (create_permissions must have run for the accounts app).
    """
    permissions = {
        p.codename: p
        for p in permission_model.objects.filter(
            content_type__app_label="accounts", codename__in=list(CAPABILITIES)
        )
    }
    missing = sorted(set(CAPABILITIES) - set(permissions))
    if missing:
        raise LookupError(f"capability permissions missing: {', '.join(missing)}")
    through = group_model.permissions.through
    for role, capabilities in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = {permissions[c].pk for c in capabilities}
        have = set(
            through.objects.filter(group_id=group.pk).values_list("permission_id", flat=True)
        )
        through.objects.filter(group_id=group.pk, permission_id__in=have - wanted).delete()
        through.objects.bulk_create(
            through(group_id=group.pk, permission_id=pk) for pk in sorted(wanted - have)
        )


def sync_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver: sync_role_groups with the real models, once the
    accounts app's permissions exist (they are created by an earlier receiver)."""
    from django.contrib.auth.models import Group, Permission

    if not Permission.objects.using(using).filter(content_type__app_label="accounts").exists():
        return
    sync_role_groups(Group, Permission)
