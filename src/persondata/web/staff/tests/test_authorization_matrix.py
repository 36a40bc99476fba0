"""Every URL of the site x every role x anonymous: allowed or forbidden, as
``web/staff/permissions.py`` says.

The URLs come from walking the URL conf, so a page added without a rule in
the table fails ``test_every_url_has_an_access_rule``, and the matrix then
checks that each rule is enforced: GET for every URL, and POST where the
rule lets the page take one. A request the access middleware lets through
is answered "reached" instead of running the view (so the matrix changes
nothing and stays fast), except in the API, whose key check answers every
persona alike (a staff session counts for nothing there). Where two
patterns share an address, the one that resolves decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from persondata.accounts.roles import ROLES
from persondata.accounts.tests.personas import make_staff, verify_client
from persondata.web.staff.middleware import StaffAccessMiddleware
from persondata.web.staff.permissions import (
    ANY_STAFF,
    API_KEY,
    LOGIN_STEP,
    PUBLIC,
    RULES,
    SUPERUSER,
    rule_for,
)
from persondata.web.tests.world import World, make_world

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "superuser", *ROLES)
LOGIN_PATHS = ("/staff/login/", "/admin/login/")
_CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Page:
    route: str
    view_name: str


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> Iterator[Page]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = pattern.name or pattern.lookup_str
            yield Page(prefix + str(pattern.pattern), f"{namespace}:{name}" if namespace else name)


def all_pages() -> list[Page]:
    return list(_walk(get_resolver().url_patterns, "", ""))


def test_every_url_has_an_access_rule():
    missing = [page for page in all_pages() if rule_for(page.view_name) is None]
    assert not missing, "URLs without a rule in web/staff/permissions.py: " + ", ".join(
        f"{p.view_name} ({p.route})" for p in missing
    )


def test_every_rule_names_a_url_that_exists():
    names = {page.view_name for page in all_pages()}
    assert sorted(set(RULES) - names) == []


def _sample_path(route: str, world: World, staff_id: int) -> str:
    if route.startswith("^") or "(?P" in route:  # the admin's catch-all regex
        return "/admin/nowhere/"
    samples = {
        "key": str(world.subject.key),
        "relationship_id": str(world.relationship.pk),
        "hold_id": str(world.hold.pk),
        "number": "1",
        "pk": str(world.rights_request.pk),
        "user_id": str(staff_id),
        "kind": "controller",
        "fmt": "html",
        "code": "en",
        "token": "not-a-token",
        "object_id": "1",
        "app_label": "auth",
        "record_id": "1",
        "id": "1",
        "content_type_id": "1",
        "url": "",
    }
    return "/" + _CONVERTER.sub(lambda m: samples.get(m.group("name"), "1"), route)


def _expected(access: str, persona: str) -> bool:
    if access == PUBLIC:
        return True
    if persona == "anonymous":
        return False
    if access in (LOGIN_STEP, ANY_STAFF):
        return True
    if access == SUPERUSER:
        return persona == "superuser"
    return persona == "superuser" or access in ROLES[persona]


REACHED = b"reached the view"


def _allowed(response) -> bool:
    if response.status_code == 200 and response.content == REACHED:
        return True
    if response.status_code in (401, 403, 405):
        return False
    if response.status_code in (301, 302):
        return not response["Location"].startswith(LOGIN_PATHS)
    return True


@pytest.fixture
def stop_at_the_view(monkeypatch):
    """Answer REACHED where the view would run, unless the view must answer itself."""
    original = StaffAccessMiddleware.process_view

    def process_view(self, request, view_func, view_args, view_kwargs):
        response = original(self, request, view_func, view_args, view_kwargs)
        if response is not None:
            return response
        match = request.resolver_match
        rule = rule_for(match.view_name)
        if rule is not None and rule.for_method(request.method) == API_KEY:
            return None
        return HttpResponse(REACHED)

    monkeypatch.setattr(StaffAccessMiddleware, "process_view", process_view)


@pytest.fixture
def people(admin_user) -> dict[str, User | None]:
    found: dict[str, User | None] = {"anonymous": None, "superuser": admin_user}
    for role in ROLES:
        found[role] = make_staff(f"matrix-{role}", role)
    return found


def _client(user: User | None) -> Client:
    return verify_client(Client(), user) if user is not None else Client()


def test_the_matrix_of_urls_roles_and_methods(people, stop_at_the_view):
    world = make_world()
    clients = {persona: _client(user) for persona, user in people.items()}
    staff_id = people["staff"].pk
    problems: list[str] = []
    api_answers: dict[tuple[str, str], set[int]] = {}
    for page in all_pages():
        path = _sample_path(page.route, world, staff_id)
        served = resolve(path).view_name
        rule = rule_for(served)
        assert rule is not None
        for method in ("GET", "POST"):
            access = rule.for_method(method)
            if access is None:
                continue
            for persona in PERSONAS:
                cache.clear()  # the public rate limit must not answer instead of the rules
                client = clients[persona]
                response = client.get(path) if method == "GET" else client.post(path, {})
                if access == API_KEY:
                    api_answers.setdefault((method, path), set()).add(response.status_code)
                    continue
                if _allowed(response) != _expected(access, persona):
                    problems.append(
                        f"{method} {path} ({served}) as {persona}: "
                        f"{response.status_code} {response.get('Location', '')}"
                    )
    assert not problems, "\n".join(problems)
    # A staff session counts for nothing in the API: every persona gets the same answer.
    uneven = {where: codes for where, codes in api_answers.items() if len(codes) > 1}
    assert not uneven


def test_a_page_without_a_rule_is_refused(rf, admin_user):
    request = rf.get("/somewhere/")
    request.user = admin_user
    request.resolver_match = type(
        "Match", (), {"view_name": "nowhere:page", "namespace": "nowhere"}
    )()
    middleware = StaffAccessMiddleware(lambda r: HttpResponse())
    response = middleware.process_view(request, lambda r: HttpResponse(), (), {})
    assert response is not None
    assert response.status_code == 403
    assert b"permissions.py" in response.content
