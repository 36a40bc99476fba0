"""Logging in: password, then a TOTP code (or a recovery code), with a TOTP
enrolment at the first login; logging out; new recovery codes.

The audit entries come from the actions and from ``accounts/audit_signals.py``;
django-axes throttles the password step (a locked-out client gets 429).
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import auth, messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from persondata.accounts.actions import (
    SecondFactorError,
    confirm_totp_enrolment,
    generate_recovery_codes,
    start_totp_enrolment,
    verify_second_factor,
)
from persondata.web.staff.next_url import safe_next
from persondata.web.staff.request_user import staff_user


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def _with_next(url_name: str, request: HttpRequest) -> str:
    target = reverse(url_name)
    nxt = request.POST.get("next") or request.GET.get("next")
    return f"{target}?{urlencode({'next': nxt})}" if nxt else target


@sensitive_post_parameters("password")
@never_cache
def login_page(request: HttpRequest) -> HttpResponse:
    """The password step. A staff account that passes goes on to the second factor."""
    user = request.user
    if user.is_authenticated and getattr(user, "is_verified", lambda: False)():
        return redirect(safe_next(request))
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = form.get_user()
        if not account.is_staff:
            form.add_error(None, _("This account has no access to the staff pages."))
        else:
            auth.login(request, account)
            return redirect(_with_next("staff:second_factor", request))
    return render(
        request, "web/staff/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _has_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@sensitive_post_parameters("code")
@never_cache
def second_factor(request: HttpRequest) -> HttpResponse:
    """The code step; a user without an authenticator app is sent to enrol one."""
    user = staff_user(request)
    if getattr(user, "is_verified", lambda: False)():
        return redirect(safe_next(request))
    if not _has_totp(user):
        return redirect(_with_next("staff:enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verify_second_factor(request=request, code=form.cleaned_data["code"])
        except SecondFactorError as exc:
            form.add_error("code", str(exc))
        else:
            return redirect(safe_next(request))
    return render(
        request,
        "web/staff/second_factor.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


def qr_code_svg(text: str) -> str:
    """``text`` as a QR code in inline SVG (no script, no image request)."""
    return str(segno.make(text, error="m").svg_inline(scale=5, dark="#111", light="#fff"))


@sensitive_post_parameters("code")
@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    """First login: scan the QR code, type the app's code, get recovery codes."""
    user = staff_user(request)
    if _has_totp(user):
        return redirect(_with_next("staff:second_factor", request))
    device = start_totp_enrolment(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = confirm_totp_enrolment(
                request=request, user=user, device=device, code=form.cleaned_data["code"]
            )
        except SecondFactorError as exc:
            form.add_error("code", str(exc))
        else:
            return render(
                request,
                "web/staff/recovery_codes.html",
                {"codes": codes, "next": safe_next(request), "first_time": True},
            )
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "web/staff/enrol.html",
        {
            "form": form,
            "qr_svg": qr_code_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace one's recovery codes (POST) after a confirmation page (GET)."""
    user = staff_user(request)
    if request.method == "POST":
        codes = generate_recovery_codes(actor=user.get_username(), user=user)
        return render(
            request,
            "web/staff/recovery_codes.html",
            {"codes": codes, "next": reverse("staff:dashboard"), "first_time": False},
        )
    return render(request, "web/staff/recovery_codes_confirm.html")


def logout_page(request: HttpRequest) -> HttpResponse:
    """Log out (POST only: a link could be followed by a prefetching browser)."""
    auth.logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("staff:login")


def admin_login(request: HttpRequest) -> HttpResponse:
    """``/admin/login/`` leads to the staff login, so the admin site needs both factors too."""
    return redirect(_with_next("staff:login", request))
