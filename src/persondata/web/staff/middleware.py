"""Enforces ``web/staff/permissions.py`` on every request, and idle session expiry.

Runs after Django's authentication and django-otp's middleware, so
``request.user.is_verified()`` says whether the second factor was passed.
For a page that needs more than PUBLIC:

- nobody logged in: staff pages send to the staff login; other pages (the
  admin site, the Art. 30 downloads) to ``/admin/login/`` as their own
  checks would, which leads on to the staff login;
- a staff member who has only given the password: to the second factor;
- a verified staff member without the needed capability: 403.

A staff session idle for ``SESSION_IDLE_SECONDS`` is logged out (audited).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from persondata.accounts.acting import acting_as
from persondata.audit.actions import write_audit_entry
from persondata.web.staff.permissions import (
    ANY_STAFF,
    API_KEY,
    LOGIN_STEP,
    PUBLIC,
    SUPERUSER,
    rule_for,
)

LAST_SEEN_KEY = "persondata_last_seen"


def forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    """The 403 page, saying what is missing."""
    return render(request, "web/staff/forbidden.html", {"reason": reason}, status=403)


class StaffAccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if self._idle_too_long(request):
                write_audit_entry(
                    action="staff.session.expired",
                    actor=user.get_username(),
                    object_type="user",
                    object_id=str(user.pk),
                )
                logout(request)
            else:
                request.session[LAST_SEEN_KEY] = int(time.time())
                with acting_as(user.get_username()):
                    return self.get_response(request)
        return self.get_response(request)

    @staticmethod
    def _idle_too_long(request: HttpRequest) -> bool:
        last_seen = request.session.get(LAST_SEEN_KEY)
        if not isinstance(last_seen, int):
            return False
        return time.time() - last_seen > settings.SESSION_IDLE_SECONDS

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        view_name = match.view_name if match is not None else None
        rule = rule_for(view_name)
        if rule is None or match is None:
            return forbidden(
                request,
                f"The address {view_name or request.path!r} has no access rule in "
                "persondata/web/staff/permissions.py, so nobody may use it.",
            )
        access = rule.for_method(request.method or "GET")
        if access is None:
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD" if rule.get else "POST"
            return response
        if access in (PUBLIC, API_KEY):
            return None
        return self._check_staff(request, access, staff_page=match.namespace == "staff")

    def _check_staff(
        self, request: HttpRequest, access: str, *, staff_page: bool
    ) -> HttpResponse | None:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            if not staff_page:
                # As the admin site's and documents' own staff checks answer:
                # to /admin/login/, which leads on to the staff login.
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
            return forbidden(request, "This account is not a staff account.")
        if access == LOGIN_STEP:
            return None
        # django-otp's middleware gives every user is_verified().
        if not getattr(user, "is_verified", lambda: False)():
            target = reverse("staff:second_factor")
            return redirect(f"{target}?next={request.get_full_path()}")
        if access == ANY_STAFF:
            return None
        if access == SUPERUSER:
            if user.is_superuser:
                return None
            return forbidden(request, "Only an administrator (superuser) may use this page.")
        if user.has_perm(f"accounts.{access}"):
            return None
        return forbidden(request, f"Your role does not include “{access}”.")
