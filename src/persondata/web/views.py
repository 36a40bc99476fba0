"""The privacy center's front page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from persondata.policy.queries import current_declaration
from persondata.web.privacy_center.links import privacy_links


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The public front page: who the controller is, how to reach them and
    their DPO, and the pages a data subject can use (Art. 13(1)(a)-(b))."""
    context = {
        "declaration": current_declaration(),
        "links": privacy_links(get_language() or "da"),
    }
    return render(request, "web/home.html", context)
