"""API-key requests are not blocked by CSRF checks (the key is not a cookie)."""

from __future__ import annotations

from pathlib import Path

from persondata.api.tests.api_client import ApiClient
from persondata.subjects.models import DataSubject


def test_a_post_with_a_key_passes_enforced_csrf_checks(declaration: Path) -> None:
    keyed = ApiClient.with_scopes("write")
    client = ApiClient(keyed.token, key=keyed.key, csrf=True)
    response = client.post("/subjects", {"display_name": "Jens Hansen", "categories": ["customer"]})
    assert response.status_code == 201, response.content
    assert DataSubject.objects.count() == 1


def test_a_delete_with_a_key_passes_enforced_csrf_checks(declaration: Path) -> None:
    keyed = ApiClient.with_scopes("write", "erase")
    client = ApiClient(keyed.token, key=keyed.key, csrf=True)
    key = client.post("/subjects", {"display_name": "Jens", "categories": ["customer"]}).json()
    assert client.delete(f"/subjects/{key['key']}").status_code == 200
    assert not DataSubject.objects.exists()


def test_a_post_without_a_key_is_still_refused_under_csrf_checks(declaration: Path) -> None:
    response = ApiClient(None, csrf=True).post("/subjects", {"display_name": "Jens"})
    assert response.status_code == 401
    assert not DataSubject.objects.exists()
