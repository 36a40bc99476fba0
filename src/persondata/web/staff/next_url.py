"""Where to go after a login step: a ``next`` address only if it stays on this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str = "staff:dashboard") -> str:
    """The request's ``next`` (POST, then GET) when it is a local address,
    else the URL of ``default``; never an address on another host."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)
