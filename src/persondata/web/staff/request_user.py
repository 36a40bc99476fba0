"""The logged-in staff user of a request, typed."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def staff_user(request: HttpRequest) -> User:
    """``request.user`` as a User; raises PermissionDenied (403) for an
    anonymous visitor, whom the access rules should have stopped already."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("log in first")
    return user
