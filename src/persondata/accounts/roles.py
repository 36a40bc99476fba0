"""Staff roles and what each may do; no database.

The staff web application checks *capabilities*, never role names: a
capability is a Django permission ``accounts.<codename>`` carried by the
unmanaged ``StaffCapability`` model, and each role is a Django group holding
exactly the capabilities listed here (migration 0003 creates the groups; a
test keeps them equal to this table). SPEC section 6: only what a role needs.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

# codename -> what it allows, in the order they are listed.
CAPABILITIES: dict[str, str] = {
    "view_register": "See data subjects, their records, consents, events and legal holds",
    "change_register": "Add records, record events and end relationships",
    "read_sensitive": "Reveal encrypted values (CPR numbers, special data); each reading audited",
    "manage_legal_holds": "Set and lift legal holds",
    "erase_subjects": "Erase a data subject and everything held about them",
    "view_requests": "See data-subject-rights requests and their history",
    "handle_requests": "Verify, extend, execute, answer and close rights requests",
    "view_declaration": "See the declaration, its versions, warnings and documents",
    "apply_declaration": "Upload and apply a new version of the declaration",
    "view_retention": "See the retention plan and the results of sweeps",
    "view_audit": "See and run the verification of the audit trail",
    "manage_staff": "Create staff accounts, change their roles and reset second factors",
}

_READ = frozenset({"view_register", "view_requests", "view_declaration", "view_retention"})

# role (group name) -> capabilities.
ROLES: dict[str, frozenset[str]] = {
    "admin": frozenset(CAPABILITIES),
    "dpo": frozenset(CAPABILITIES) - {"manage_staff"},
    "staff": _READ | {"change_register", "read_sensitive", "handle_requests"},
    "auditor": _READ | {"view_audit"},
}

# Shown on the staff pages (gettext messages, Danish in accounts/locale).
ROLE_LABELS: dict[str, Promise] = {
    "admin": gettext_lazy("Administrator"),
    "dpo": gettext_lazy("Data protection officer"),
    "staff": gettext_lazy("Staff member"),
    "auditor": gettext_lazy("Auditor (read-only)"),
}


class RoleError(ValueError):
    """A role name that does not exist; nothing was changed."""


def check_role(role: str) -> str:
    """``role`` if it is one of ROLES; raises RoleError naming the choices otherwise."""
    if role not in ROLES:
        raise RoleError(f"role: {role!r} is not a role; choose one of {', '.join(ROLES)}")
    return role


def permission_name(capability: str) -> str:
    """The Django permission string for a capability (``accounts.view_register``)."""
    if capability not in CAPABILITIES:
        raise KeyError(f"{capability!r} is not a capability")
    return f"accounts.{capability}"
