"""Every operation needs one scope: read, write or erase (the matrix), and
the scopes do not imply each other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from persondata.api.api import api as ninja_api
from persondata.api.tests.api_client import BASE, ApiClient
from persondata.api.tests.register_world import build_world

# (method, path, scope it needs, body for a successful call)
OPERATIONS: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("GET", "/subjects", "read", None),
    ("POST", "/subjects", "write", {"display_name": "Ida", "categories": ["prospect"]}),
    ("GET", "/subjects/{key}", "read", None),
    ("PATCH", "/subjects/{key}", "write", {"display_name": "Jens Peter Hansen"}),
    ("DELETE", "/subjects/{key}", "erase", None),
    ("GET", "/subjects/{key}/records", "read", None),
    (
        "POST",
        "/subjects/{key}/records",
        "write",
        {"data_category": "user.name", "value": "Jens", "source": "data_subject"},
    ),
    ("PATCH", "/subjects/{key}/records/{record_id}", "write", {"value": "Nørregade 2, Odense"}),
    ("POST", "/subjects/{key}/records/{record_id}/links", "write", {"activity": "bookkeeping"}),
    ("POST", "/subjects/{key}/records/{record_id}/confirm", "write", None),
    ("GET", "/subjects/{key}/events", "read", None),
    (
        "POST",
        "/subjects/{key}/events",
        "write",
        {"name": "last_contact", "occurred_on": "2026-03-01"},
    ),
    ("GET", "/subjects/{key}/relationships", "read", None),
    (
        "POST",
        "/subjects/{key}/relationships",
        "write",
        {"kind": "supplier_vendor", "started": "2026-01-01"},
    ),
    (
        "POST",
        "/subjects/{key}/relationships/{relationship_id}/end",
        "write",
        {"ended": "2026-02-28"},
    ),
    ("GET", "/subjects/{key}/holds", "read", None),
    ("POST", "/subjects/{key}/holds", "write", {"reason": "tax audit", "starts_on": "2026-03-03"}),
    ("POST", "/subjects/{key}/holds/{hold_id}/lift", "write", None),
    ("GET", "/retention/plan", "read", None),
    ("GET", "/retention/reviews", "read", None),
    ("POST", "/marketing/eligibility", "read", {"channel": "email", "addresses": ["a@b.dk"]}),
    ("GET", "/consent/proof?subject={key}", "read", None),
    (
        "POST",
        "/subjects/{key}/consents",
        "write",
        {"purpose": "newsletter", "given": True, "channel": "phone"},
    ),
    ("GET", "/requests", "read", None),
    ("POST", "/requests", "write", {"kind": "access", "channel": "phone"}),
    ("GET", "/requests/{number}", "read", None),
    ("POST", "/requests/{number}/verify", "write", {"how": "ID checked"}),
    (
        "POST",
        "/requests/{number}/extend",
        "write",
        {"months": 1, "reason": "busy", "notice": "post"},
    ),
    ("POST", "/requests/{number}/execute", "write", None),
    ("POST", "/requests/{number}/answer", "write", None),
    ("POST", "/requests/{number}/close", "write", {"outcome": "withdrawn"}),
]
SCOPES = ("read", "write", "erase")


def call(client: ApiClient, method: str, path: str, body: dict[str, Any] | None) -> Any:
    if method == "GET":
        return client.get(path)
    if method == "DELETE":
        return client.delete(path)
    if method == "PATCH":
        return client.patch(path, body or {})
    return client.post(path, body)


def test_the_matrix_covers_every_operation_of_the_api() -> None:
    documented = {
        (method.upper(), path.removeprefix(BASE))
        for path, item in ninja_api.get_openapi_schema()["paths"].items()
        for method in item
    }
    assert documented == {(method, path.partition("?")[0]) for method, path, _, _ in OPERATIONS}


@pytest.mark.parametrize("held", SCOPES)
@pytest.mark.parametrize(
    ("method", "path", "needed", "body"),
    OPERATIONS,
    ids=[f"{m} {p}" for m, p, _, _ in OPERATIONS],
)
def test_an_operation_runs_only_with_its_scope(
    declaration: Path,
    method: str,
    path: str,
    needed: str,
    body: dict[str, Any] | None,
    held: str,
) -> None:
    world = build_world()
    client = ApiClient.with_scopes(held)
    response = call(client, method, world.fill(path), body)
    if held == needed:
        assert 200 <= response.status_code < 300, response.content
    else:
        assert response.status_code == 403, response.content
        assert response.json()["required_scope"] == needed
        assert f"lacks the scope '{needed}'" in response.json()["detail"]


def test_a_key_with_every_scope_may_do_everything(declaration: Path) -> None:
    world = build_world()
    client = ApiClient.with_scopes(*SCOPES)
    # The erasure last, since it removes the subject every other path names.
    ordered = sorted(OPERATIONS, key=lambda operation: operation[0] == "DELETE")
    for method, path, _, body in ordered:
        response = call(client, method, world.fill(path), body)
        assert 200 <= response.status_code < 300, (method, path, response.content)
