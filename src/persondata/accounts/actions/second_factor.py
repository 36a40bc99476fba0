"""The second factor of a staff login: TOTP enrolment, recovery codes, verification.

A staff account has one TOTP device (an authenticator app) and one static
device holding single-use recovery codes (django-otp). A password alone
never opens a staff page: ``web/staff/middleware.py`` sends such a session
here first. TOTP verification is throttled by django-otp itself (a growing
delay after each wrong code).
"""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from persondata.accounts.client_address import address_fingerprint
from persondata.audit.actions import write_audit_entry

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"
_CODE_SHAPE = re.compile(r"^[a-z0-9]{6,16}$")


class SecondFactorError(ValueError):
    """A second-factor step that is refused; the message says why."""


def clean_code(text: str) -> str:
    """A typed code without spaces or dashes, in lower case; raises
    SecondFactorError when it cannot be a TOTP or recovery code."""
    code = re.sub(r"[\s-]", "", text).lower()
    if not _CODE_SHAPE.match(code):
        raise SecondFactorError(
            _("code: type the 6 digits your authenticator app shows, or one recovery code")
        )
    return code


def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created when missing.

    Raises SecondFactorError when the user has a confirmed device already:
    an administrator resets it first (``reset_second_factor``).
    """
    with transaction.atomic():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise SecondFactorError(
                _("you have an authenticator app already; ask an administrator to reset it")
            )
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
            write_audit_entry(
                action="staff.totp.enrolment_start",
                actor=user.get_username(),
                object_type="user",
                object_id=str(user.pk),
            )
    return device


def confirm_totp_enrolment(
    *, request: HttpRequest, user: User, device: TOTPDevice, code: str
) -> list[str]:
    """Confirm ``device`` with a code from the app, verify this session with
    it, and return a fresh set of recovery codes (shown once).

    Raises SecondFactorError for a device of another user or one confirmed
    already, a malformed code, or a wrong code (that failure is audited).
    """
    token = clean_code(code)
    if device.user_id != user.pk or device.confirmed:
        raise SecondFactorError(_("this enrolment is not open; start again from the login"))
    codes: list[str] = []
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        accepted = device.verify_token(token)
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            write_audit_entry(
                action="staff.totp.enrolled",
                actor=user.get_username(),
                object_type="user",
                object_id=str(user.pk),
            )
            codes = generate_recovery_codes(actor=user.get_username(), user=user)
            otp_login(request, device)
        else:
            write_audit_entry(
                action="staff.totp.enrolment_failed",
                actor=user.get_username(),
                object_type="user",
                object_id=str(user.pk),
            )
    if not accepted:
        raise SecondFactorError(
            _(
                "code: that code is not the one the app shows now; check the phone's clock and "
                "type the current code"
            )
        )
    return codes


def generate_recovery_codes(*, actor: str, user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones.

    Each code works once. They are returned to be shown once; django-otp
    stores them as they are, so the page that shows them tells the user to
    keep them as safe as the password.
    """
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        write_audit_entry(
            action="staff.recovery_codes.generate",
            actor=actor,
            object_type="user",
            object_id=str(user.pk),
            details={"codes": len(codes)},
        )
    return codes


def verify_second_factor(*, request: HttpRequest, code: str) -> Device:
    """Check a TOTP or recovery code for the user of ``request`` (who has
    passed the password step) and mark the session as verified.

    Returns the device that accepted it (a used recovery code is gone).
    Raises SecondFactorError for a malformed or wrong code; a wrong one is
    audited as ``staff.login.second_factor_failed``.
    """
    user = request.user
    if not isinstance(user, User):
        raise SecondFactorError(_("log in with your password first"))
    token = clean_code(code)
    device = match_token(user, token)
    with transaction.atomic():
        if device is None:
            write_audit_entry(
                action="staff.login.second_factor_failed",
                actor=user.get_username(),
                object_type="user",
                object_id=str(user.pk),
                details={"address": address_fingerprint(request)},
            )
        else:
            otp_login(request, device)
            method = "recovery_code" if isinstance(device, StaticDevice) else "totp"
            details: dict[str, object] = {
                "method": method,
                "address": address_fingerprint(request),
            }
            if isinstance(device, StaticDevice):
                details["recovery_codes_left"] = device.token_set.count()
            write_audit_entry(
                action="staff.login",
                actor=user.get_username(),
                object_type="user",
                object_id=str(user.pk),
                details=details,
            )
    if device is None:
        raise SecondFactorError(_("code: that code was not accepted; try the current code again"))
    return device
