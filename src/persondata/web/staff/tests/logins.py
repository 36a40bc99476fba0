"""Helpers for the login tests: the code an authenticator app would show now."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    """The 6-digit TOTP code of ``device`` at this moment (as a phone app shows it)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
