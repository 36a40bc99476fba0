"""Staff accounts: create, change role, deactivate, reset the second factor;
a staff member changes their own password.

Refusals are gettext messages (they are shown on the staff pages only).
Roles are groups (``accounts/roles.py``). The audit entries for a new user
and for changed groups or flags are written by ``accounts/audit_signals.py``
inside these actions' transactions, naming ``actor`` (set with acting_as).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from persondata.accounts.acting import acting_as
from persondata.accounts.roles import ROLES, RoleError, check_role
from persondata.audit.actions import write_audit_entry
from persondata.audit.models import AuditEntry

USERNAME_MAX_LENGTH = 150
PASSWORD_CHANGE_FAILED = "staff.password.change_failed"  # noqa: S105 (an audit action)


class StaffAccountError(ValueError):
    """Input for a staff account that is refused; nothing was changed."""


def _clean_username(username: str) -> str:
    name = username.strip()
    if not name:
        raise StaffAccountError(_("username: is required"))
    if len(name) > USERNAME_MAX_LENGTH:
        raise StaffAccountError(
            _("username: is longer than %(count)d characters") % {"count": USERNAME_MAX_LENGTH}
        )
    try:
        UnicodeUsernameValidator()(name)
    except ValidationError:
        raise StaffAccountError(
            _("username: '%(name)s' may hold only letters, digits and @ . + - _")
            % {"name": name[:40]}
        ) from None
    if User.objects.filter(username__iexact=name).exists():
        raise StaffAccountError(_("username: '%(name)s' is taken") % {"name": name})
    return name


def _clean_email(email: str) -> str:
    text = email.strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise StaffAccountError(
            _("email: '%(text)s' is not an e-mail address") % {"text": text[:60]}
        ) from None
    return text


def _role_groups(role: str) -> Group:
    try:
        return Group.objects.get(name=role)
    except Group.DoesNotExist:
        raise StaffAccountError(
            f"role: the group {role!r} is missing; run 'persondata migrate' to create the roles"
        ) from None


def create_staff_user(*, actor: str, username: str, role: str, email: str = "") -> tuple[User, str]:
    """Create an active staff account with ``role`` and a random password.

    Returns the user and the password, which is not stored in clear and must
    be handed over once; the person sets up TOTP at their first login.
    Raises StaffAccountError (nothing written) for an empty, malformed or
    taken username, a bad e-mail or an unknown role.
    """
    clean_name = _clean_username(username)
    clean_email = _clean_email(email)
    try:
        check_role(role)
    except RoleError as exc:
        raise StaffAccountError(str(exc)) from None
    password = secrets.token_urlsafe(15)
    with transaction.atomic(), acting_as(actor):
        group = _role_groups(role)
        user = User.objects.create_user(
            username=clean_name, email=clean_email, password=password, is_staff=True
        )
        user.groups.add(group)
    return user, password


def set_staff_role(*, actor: str, user: User, role: str) -> User:
    """Give ``user`` exactly one role, replacing any other role group.

    Raises StaffAccountError for an unknown role, or when ``actor`` would
    take the administrator role away from themselves (nobody could give it
    back without a shell).
    """
    try:
        check_role(role)
    except RoleError as exc:
        raise StaffAccountError(str(exc)) from None
    if user.get_username() == actor and role != "admin" and not user.is_superuser:
        raise StaffAccountError(_("role: you cannot take the administrator role from yourself"))
    with transaction.atomic(), acting_as(actor):
        group = _role_groups(role)
        old = list(user.groups.filter(name__in=ROLES).exclude(pk=group.pk))
        if old:
            user.groups.remove(*old)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return user


def deactivate_staff_user(*, actor: str, user: User) -> User:
    """Stop ``user`` from logging in; the account is kept for the audit trail.

    Raises StaffAccountError when the user is already inactive or is ``actor``.
    """
    if user.get_username() == actor:
        raise StaffAccountError(_("you cannot deactivate your own account"))
    if not user.is_active:
        raise StaffAccountError(_("%(name)s is already inactive") % {"name": user.get_username()})
    with transaction.atomic(), acting_as(actor):
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


def reset_second_factor(*, actor: str, user: User) -> int:
    """Remove the user's TOTP devices and recovery codes, so that their next
    login starts a new enrolment (a lost phone). Returns how many devices went."""
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice):
            count, _ = model.objects.filter(user=user).delete()
            removed += count
        write_audit_entry(
            action="staff.second_factor.reset",
            actor=actor,
            object_type="user",
            object_id=str(user.pk),
            details={"rows_removed": removed},
        )
    return removed


class WrongCurrentPassword(StaffAccountError):
    """The current password given to change it was wrong (audited and counted)."""


class PasswordChangeLocked(StaffAccountError):
    """Too many wrong current passwords: password changes are refused until ``until``."""

    def __init__(self, message: str, *, until: datetime) -> None:
        super().__init__(message)
        self.until = until


def _failure_window() -> timedelta:
    return timedelta(hours=float(settings.AXES_COOLOFF_TIME))


def password_change_locked_until(user: User, *, now: datetime | None = None) -> datetime | None:
    """When ``user`` may try to change their password again, or None if they may now.

    Counted from the audit trail: AXES_FAILURE_LIMIT wrong current passwords
    (``staff.password.change_failed``) within the login cool-off
    (AXES_COOLOFF_TIME), none followed by a successful change, lock password
    changes until the cool-off has passed since the last of them. The same
    limits as a login: a stolen session must not become a way to guess the
    password without the login's throttling.
    """
    moment = now or timezone.now()
    entries = AuditEntry.objects.filter(
        object_type="user",
        object_id=str(user.pk),
        action__in=(PASSWORD_CHANGE_FAILED, "staff.password.change"),
        created_at__gte=moment - _failure_window(),
    ).order_by("-sequence")
    failures: list[datetime] = []
    for action, at in entries.values_list("action", "created_at"):
        if action != PASSWORD_CHANGE_FAILED:
            break  # a successful change starts the count again
        failures.append(at)
    if len(failures) < settings.AXES_FAILURE_LIMIT:
        return None
    return failures[0] + _failure_window()


def _locked(until: datetime) -> PasswordChangeLocked:
    return PasswordChangeLocked(
        _(
            "Too many wrong current passwords: you can try again after %(time)s, "
            "or ask an administrator."
        )
        % {"time": timezone.localtime(until).strftime("%H:%M")},
        until=until,
    )


def change_own_password(*, user: User, old_password: str, new_password: str) -> User:
    """Replace ``user``'s password after checking their current one; the
    audit entry ``staff.password.change`` names the user and holds no password.

    The caller keeps the current session valid (``update_session_auth_hash``);
    every other session of the user ends, as the password's hash changed.
    Raises StaffAccountError (nothing changed) when the current password is
    wrong, or when the new one fails the password rules
    (``AUTH_PASSWORD_VALIDATORS``) or equals the current one; a wrong current
    password is audited (``staff.password.change_failed``, with the count so
    far). Raises PasswordChangeLocked, checking nothing, while too many wrong
    ones lock the change (``password_change_locked_until``).
    """
    until = password_change_locked_until(user)
    if until is not None:
        raise _locked(until)
    if not user.check_password(old_password):
        write_audit_entry(
            action=PASSWORD_CHANGE_FAILED,
            actor=user.get_username(),
            object_type="user",
            object_id=str(user.pk),
        )
        until = password_change_locked_until(user)
        if until is not None:
            write_audit_entry(
                action="staff.password.change_locked",
                actor=user.get_username(),
                object_type="user",
                object_id=str(user.pk),
                details={"until": until.isoformat()},
            )
            raise _locked(until)
        raise WrongCurrentPassword(_("old_password: your current password was entered incorrectly"))
    if new_password == old_password:
        raise StaffAccountError(_("new_password: is the same as the current password"))
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise StaffAccountError("new_password: " + " ".join(exc.messages)) from None
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        write_audit_entry(
            action="staff.password.change",
            actor=user.get_username(),
            object_type="user",
            object_id=str(user.pk),
        )
    return user
