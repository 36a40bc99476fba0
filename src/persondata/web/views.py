from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from persondata.policy.queries import current_declaration

# Pages linked from the front page, as (url name, label); a page that is not
# installed yet is simply left out.
_FRONT_PAGE_LINKS = [
    ("documents:policy_da", "Privatlivspolitik"),
    ("documents:policy_en", "Privacy policy (English)"),
    ("admin:index", "Staff administration"),
]


def home(request: HttpRequest) -> HttpResponse:
    """The public front page: who the controller is and where to go next."""
    links = []
    for name, label in _FRONT_PAGE_LINKS:
        try:
            links.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    context = {"declaration": current_declaration(), "links": links}
    return render(request, "web/home.html", context)
