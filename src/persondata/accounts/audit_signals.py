"""Audit entries for logins and for changes of who may do what (SPEC section 6).

Connected in ``AccountsConfig.ready``. Django and django-axes announce
logins, failures, logouts and lockouts, and changes to users, groups and
permissions, by signals; the receivers here turn each into an audit entry,
whoever caused it (the staff pages, the admin site or a shell). The actor
of a change is the one set by ``accounts.acting.acting_as``. Entries hold
no passwords and no attempted user names (people type passwords there):
only user ids and a keyed fingerprint of the client address.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.http import HttpRequest

from persondata.accounts.acting import current_actor
from persondata.accounts.client_address import address_fingerprint
from persondata.audit.actions import write_audit_entry

_FLAGS = ("is_active", "is_staff", "is_superuser")
_OLD_FLAGS = "_persondata_old_flags"


def _address(request: HttpRequest | None) -> str:
    return address_fingerprint(request) if request is not None else ""


def _on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    # The password step only: the login is complete after the second factor
    # (``staff.login``, written by verify_second_factor).
    write_audit_entry(
        action="staff.login.password",
        actor=user.get_username(),
        object_type="user",
        object_id=str(user.pk),
        details={"address": _address(request)},
    )


def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", "") or "")
    known = User.objects.filter(username=username).values_list("pk", flat=True).first()
    write_audit_entry(
        action="staff.login.failed",
        actor="anonymous",
        object_type="user" if known else "",
        object_id=str(known) if known else "",
        details={"known_user": known is not None, "address": _address(request)},
    )


def _on_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is None:
        return
    write_audit_entry(
        action="staff.logout",
        actor=user.get_username(),
        object_type="user",
        object_id=str(user.pk),
    )


def _on_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any
) -> None:
    known = User.objects.filter(username=username or "").values_list("pk", flat=True).first()
    write_audit_entry(
        action="staff.login.locked_out",
        actor="anonymous",
        object_type="user" if known else "",
        object_id=str(known) if known else "",
        details={"known_user": known is not None, "address": _address(request)},
    )


def _names(model: type[Group] | type[Permission], pks: set[int] | None) -> list[str]:
    if not pks:
        return []
    if model is Permission:
        rows = Permission.objects.filter(pk__in=pks).values_list(
            "content_type__app_label", "codename"
        )
        return sorted(f"{app}.{codename}" for app, codename in rows)
    return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))


def _on_user_groups(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    _m2m_entry("staff.groups", instance, action, reverse, pk_set, Group, User)


def _on_user_permissions(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    _m2m_entry("staff.permissions", instance, action, reverse, pk_set, Permission, User)


def _on_group_permissions(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    _m2m_entry("group.permissions", instance, action, reverse, pk_set, Permission, Group)


def _m2m_entry(
    prefix: str,
    instance: Any,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    target: type[Group] | type[Permission],
    owner: type[User] | type[Group],
) -> None:
    if action == "pre_clear":
        # After the clear the rows are gone: name what is about to go now.
        field = (
            "groups"
            if target is Group
            else ("permissions" if owner is Group else "user_permissions")
        )
        if not reverse:
            instance._persondata_cleared = _names(
                target, set(getattr(instance, field).values_list("pk", flat=True))
            )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    verb = action.removeprefix("post_")
    if reverse:
        # e.g. group.user_set.add(user): ``instance`` is the group, pk_set the owners.
        for owner_pk in sorted(pk_set or ()):
            write_audit_entry(
                action=f"{prefix}.{verb}",
                actor=current_actor(),
                object_type=owner.__name__.lower(),
                object_id=str(owner_pk),
                details={"changed": _names(target, {instance.pk})},
            )
        return
    changed = (
        list(getattr(instance, "_persondata_cleared", []))
        if verb == "clear"
        else _names(target, pk_set)
    )
    if not changed:
        return
    write_audit_entry(
        action=f"{prefix}.{verb}",
        actor=current_actor(),
        object_type=owner.__name__.lower(),
        object_id=str(instance.pk),
        details={"changed": changed},
    )


def _before_user_save(sender: Any, instance: User, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if instance.pk is None or (update_fields is not None and not set(update_fields) & set(_FLAGS)):
        return
    old = User.objects.filter(pk=instance.pk).values(*_FLAGS).first()
    setattr(instance, _OLD_FLAGS, old)


def _after_user_save(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if created:
        write_audit_entry(
            action="staff.user.create",
            actor=current_actor(),
            object_type="user",
            object_id=str(instance.pk),
            details={flag: getattr(instance, flag) for flag in _FLAGS},
        )
        return
    old = getattr(instance, _OLD_FLAGS, None)
    if not old:
        return
    setattr(instance, _OLD_FLAGS, None)
    changed = {
        flag: [old[flag], getattr(instance, flag)]
        for flag in _FLAGS
        if old[flag] != getattr(instance, flag)
    }
    if changed:
        write_audit_entry(
            action="staff.user.flags",
            actor=current_actor(),
            object_type="user",
            object_id=str(instance.pk),
            details=changed,
        )


def connect() -> None:
    """Connect every receiver (idempotent: each has a dispatch_uid)."""
    user_logged_in.connect(_on_login, dispatch_uid="persondata-audit-login")
    user_login_failed.connect(_on_login_failed, dispatch_uid="persondata-audit-login-failed")
    user_logged_out.connect(_on_logout, dispatch_uid="persondata-audit-logout")
    user_locked_out.connect(_on_locked_out, dispatch_uid="persondata-audit-locked-out")
    m2m_changed.connect(
        _on_user_groups, sender=User.groups.through, dispatch_uid="persondata-audit-groups"
    )
    m2m_changed.connect(
        _on_user_permissions,
        sender=User.user_permissions.through,
        dispatch_uid="persondata-audit-user-permissions",
    )
    m2m_changed.connect(
        _on_group_permissions,
        sender=Group.permissions.through,
        dispatch_uid="persondata-audit-group-permissions",
    )
    pre_save.connect(_before_user_save, sender=User, dispatch_uid="persondata-audit-user-pre")
    post_save.connect(_after_user_save, sender=User, dispatch_uid="persondata-audit-user-post")
