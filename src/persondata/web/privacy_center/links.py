"""The privacy center's navigation: the pages a data subject can use, in the
visitor's language, and the applied declaration for the page header."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from persondata.policy.queries import current_declaration

# (url name without the language suffix, label); a page that is not
# installed is left out.
_PAGES = (
    ("documents:policy", gettext_noop("Privacy policy")),
    ("rights:request", gettext_noop("Make a request")),
    ("consent:center", gettext_noop("Consent and newsletters")),
)


def privacy_links(language: str) -> list[dict[str, str]]:
    """The privacy center's pages as {"url", "label"} in ``language`` (da or en)."""
    suffix = "en" if language == "en" else "da"
    links = []
    for name, label in _PAGES:
        try:
            links.append({"url": reverse(f"{name}_{suffix}"), "label": _(label)})
        except NoReverseMatch:
            continue
    return links


def privacy_center(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: ``privacy_links`` and a lazy ``declaration``."""
    return {
        "privacy_links": SimpleLazyObject(lambda: privacy_links(get_language() or "da")),
        "declaration": SimpleLazyObject(current_declaration),
    }
