"""The site's language: Danish unless the visitor chose English (SPEC section 7:
"Danish by default with an English switch").

``SiteLanguageMiddleware`` replaces Django's LocaleMiddleware: it reads the
language cookie that the switch (``web:language``) sets and otherwise uses
``LANGUAGE_CODE``; the browser's Accept-Language is not consulted, so a
visitor sees the company's own language first. The switch is a plain link,
so it works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_supported_language_variant
from django.views.decorators.http import require_safe

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
COOKIE_AGE = 365 * 24 * 3600


def chosen_language(request: HttpRequest) -> str:
    """The visitor's chosen language code, or LANGUAGE_CODE when none (or an unknown one) is set."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if code in LANGUAGE_CODES:
        return code
    return get_supported_language_variant(settings.LANGUAGE_CODE)


class SiteLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # as LocaleMiddleware does
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or language)
        patch = response.headers.get("Vary", "")
        if "cookie" not in patch.lower():
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


@require_safe
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Remember ``code`` (da or en) in a cookie and go back to ``next`` (a
    local address) or the front page; an unknown code changes nothing."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("web:home")
    response = HttpResponseRedirect(target)
    if code in LANGUAGE_CODES:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    return response
