"""A staff member's own account: who they are and their role, changing their
password, and (in ``login.py``) new recovery codes. Any verified staff member
may use these pages for their own account only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django_otp.plugins.otp_static.models import StaticToken

from persondata.accounts.actions import (
    PasswordChangeLocked,
    StaffAccountError,
    WrongCurrentPassword,
    change_own_password,
)
from persondata.accounts.queries import role_of
from persondata.accounts.roles import ROLE_LABELS
from persondata.web.staff.request_user import staff_user


@require_safe
def own_account(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    role = role_of(user)
    codes_left = StaticToken.objects.filter(device__user=user).count()
    return render(
        request,
        "web/staff/own_account.html",
        {
            "account": user,
            "role_label": ROLE_LABELS.get(role, role) if role else "",
            "codes_left": codes_left,
        },
    )


class OwnPasswordForm(PasswordChangeForm):
    """Django's form, except that the current password is checked by
    ``change_own_password``, which counts and audits wrong ones."""

    def clean_old_password(self) -> str:
        return str(self.cleaned_data["old_password"])


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password: the current one, then the new one twice.
    The session stays logged in; the user's other sessions end."""
    user = staff_user(request)
    form = OwnPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_own_password(
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except PasswordChangeLocked as exc:
            form.add_error(None, str(exc))
            return render(request, "web/staff/password_change.html", {"form": form}, status=429)
        except WrongCurrentPassword:
            form.add_error("old_password", form.error_messages["password_incorrect"])
        except StaffAccountError as exc:
            form.add_error(None, str(exc))
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password was changed."))
            return redirect("staff:own_account")
    status = 400 if request.method == "POST" else 200
    return render(request, "web/staff/password_change.html", {"form": form}, status=status)
