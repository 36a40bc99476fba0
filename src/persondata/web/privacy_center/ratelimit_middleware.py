"""Rate limiting of the public pages (SPEC section 6): per client address,
separately for reading (GET) and for sending forms (POST), with the
arithmetic of ``rate_limits.py`` and counters in Django's cache.

Applies to every page whose access rule is PUBLIC (the privacy center, the
privacy policy, the staff login form). The limits are
``PUBLIC_RATE_LIMIT_GETS`` and ``PUBLIC_RATE_LIMIT_POSTS`` per 10 minutes.
The default cache is per process: with several server processes each keeps
its own count (docs/web.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from persondata.accounts.client_address import address_fingerprint
from persondata.web.privacy_center.rate_limits import WINDOW_SECONDS, allows, window_position
from persondata.web.staff.permissions import PUBLIC, rule_for

# One-click unsubscribes (RFC 8058) arrive in bursts from a few mail
# providers' addresses; each needs a valid signed token and can only
# withdraw one consent, so limiting them by address would only break them.
NOT_RATE_LIMITED = frozenset({"consent:unsubscribe"})


class PublicRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        rule = rule_for(match.view_name if match is not None else None)
        method = request.method or "GET"
        if rule is None or rule.for_method(method) != PUBLIC:
            return None
        if match is not None and match.view_name in NOT_RATE_LIMITED:
            return None
        reading = method in ("GET", "HEAD", "OPTIONS")
        limit = settings.PUBLIC_RATE_LIMIT_GETS if reading else settings.PUBLIC_RATE_LIMIT_POSTS
        client = address_fingerprint(request) or "unknown"
        position = window_position(time.time())
        kind = "get" if reading else "post"
        current_key = f"ratelimit:{kind}:{client}:{position.index}"
        previous_key = f"ratelimit:{kind}:{client}:{position.index - 1}"
        counts = cache.get_many([current_key, previous_key])
        current = int(counts.get(current_key, 0))
        if not allows(
            previous=int(counts.get(previous_key, 0)),
            current=current,
            elapsed=position.elapsed,
            limit=limit,
        ):
            response = render(request, "web/too_many_requests.html", status=429)
            response["Retry-After"] = str(WINDOW_SECONDS - int(position.elapsed))
            return response
        if current == 0:
            cache.set(current_key, 1, timeout=2 * WINDOW_SECONDS)
        else:
            try:
                cache.incr(current_key)
            except ValueError:  # expired between get and incr
                cache.set(current_key, 1, timeout=2 * WINDOW_SECONDS)
        return None
