"""Staff accounts (administrators only): list, create, change role,
deactivate, reset the second factor. Every change is audited by the
accounts actions and signals."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from persondata.accounts.actions import (
    StaffAccountError,
    create_staff_user,
    deactivate_staff_user,
    reset_second_factor,
    set_staff_role,
)
from persondata.accounts.queries import role_of, staff_users
from persondata.accounts.roles import ROLE_LABELS, ROLES

ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in ROLES]


def _role_label(role: str | None) -> str:
    return str(ROLE_LABELS[role]) if role in ROLE_LABELS else ""


class CreateForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ROLE_CHOICES)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ROLE_CHOICES)


@require_safe
def accounts(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "user": user,
            "role": _role_label(role_of(user)),
            "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        }
        for user in staff_users()
    ]
    return render(request, "web/staff/accounts.html", {"rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    form = CreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = create_staff_user(
                actor=request.user.get_username(),
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"] or "",
                role=form.cleaned_data["role"],
            )
        except StaffAccountError as exc:
            form.add_error(None, str(exc))
        else:
            return render(
                request, "web/staff/account_created.html", {"account": user, "password": password}
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "web/staff/account_create.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def account(request: HttpRequest, user_id: int) -> HttpResponse:
    """One account: change its role, deactivate it, or reset its second factor."""
    user = get_object_or_404(User, pk=user_id, is_staff=True)
    actor = request.user.get_username()
    form = RoleForm(initial={"role": role_of(user)})
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "role":
                form = RoleForm(request.POST)
                if form.is_valid():
                    set_staff_role(actor=actor, user=user, role=form.cleaned_data["role"])
                    messages.success(request, _("The role was changed."))
                    return redirect("staff:account", user_id=user.pk)
            elif action == "deactivate":
                deactivate_staff_user(actor=actor, user=user)
                messages.success(request, _("The account was deactivated."))
                return redirect("staff:account", user_id=user.pk)
            elif action == "reset_second_factor":
                reset_second_factor(actor=actor, user=user)
                messages.success(
                    request, _("The second factor was reset; the next login sets up a new one.")
                )
                return redirect("staff:account", user_id=user.pk)
            else:
                error = _("Choose an action.")
        except StaffAccountError as exc:
            error = str(exc)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "web/staff/account.html",
        {"account": user, "role": _role_label(role_of(user)), "form": form, "error": error},
        status=status,
    )
