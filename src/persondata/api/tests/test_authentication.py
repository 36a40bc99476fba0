"""Bearer keys: 401 with a JSON body for a missing, unknown or revoked key."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import time_machine

from persondata.accounts.actions import revoke_api_key
from persondata.accounts.models import ApiKey
from persondata.api.tests.api_client import BASE, ApiClient


def test_a_request_without_a_key_gets_401_with_a_json_body(declaration: Path) -> None:
    response = ApiClient(None).get("/subjects")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer <API key>" in response.json()["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="persondata"'


def test_another_authorization_scheme_gets_401(api: ApiClient) -> None:
    response = api.client.get(BASE + "/subjects", headers={"Authorization": f"Basic {api.token}"})
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_an_unknown_token_gets_401(declaration: Path) -> None:
    response = ApiClient("A" * 43).get("/subjects")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "the bearer token is not a valid API key; check that the whole token was sent"
    }
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_cut_token_gets_401(api: ApiClient) -> None:
    assert api.token is not None
    response = ApiClient(api.token[:-1]).get("/subjects")
    assert response.status_code == 401


def test_an_empty_bearer_token_gets_401(declaration: Path) -> None:
    assert ApiClient("").get("/subjects").status_code == 401


def test_a_revoked_key_is_refused_and_the_answer_says_so(api: ApiClient) -> None:
    assert api.get("/subjects").status_code == 200
    assert api.key is not None
    revoke_api_key(actor="staff:karen", key=api.key)
    response = api.get("/subjects")
    assert response.status_code == 401
    assert response.json()["detail"] == (
        f"the API key {api.key.prefix} was revoked on 2026-03-02; ask for a new key"
    )


def test_a_revoked_key_cannot_write_either(api: ApiClient) -> None:
    assert api.key is not None
    revoke_api_key(actor="staff:karen", key=api.key)
    response = api.post("/subjects", {"display_name": "Jens", "categories": ["customer"]})
    assert response.status_code == 401


def test_a_request_stamps_last_used_at_at_most_once_a_minute(
    api: ApiClient, frozen_now: datetime
) -> None:
    assert api.key is not None
    api.get("/subjects")
    assert ApiKey.objects.get(pk=api.key.pk).last_used_at == frozen_now
    with time_machine.travel(frozen_now + timedelta(seconds=30), tick=False):
        api.get("/subjects")
    assert ApiKey.objects.get(pk=api.key.pk).last_used_at == frozen_now
    later = frozen_now + timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        api.get("/subjects")
    assert ApiKey.objects.get(pk=api.key.pk).last_used_at == later


def test_a_refused_token_stamps_nothing(api: ApiClient) -> None:
    ApiClient("B" * 43).get("/subjects")
    assert api.key is not None
    assert ApiKey.objects.get(pk=api.key.pk).last_used_at is None
