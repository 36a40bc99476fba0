"""A test client for the API that sends an API key, and builders for its tests."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.test.client import RequestFactory

from persondata.accounts.actions import create_api_key
from persondata.accounts.models import ApiKey

BASE = "/api/v1"


class ApiClient:
    """Django's test client with ``Authorization: Bearer <token>`` on every request."""

    def __init__(self, token: str | None, *, key: ApiKey | None = None, csrf: bool = False):
        self.token = token
        self.key = key
        self.client = Client(enforce_csrf_checks=csrf)

    @classmethod
    def with_scopes(cls, *scopes: str, name: str = "") -> ApiClient:
        issued = create_api_key(actor="test", name=name or "+".join(scopes), scopes=scopes)
        return cls(issued.token, key=issued.key)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token is not None else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            BASE + path,
            data=json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers=self.headers,
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(
            BASE + path,
            data=json.dumps(body),
            content_type="application/json",
            headers=self.headers,
        )

    def delete(self, path: str, params: dict[str, Any] | None = None) -> Any:
        query = RequestFactory().get("/", params or {}).META["QUERY_STRING"]
        return self.client.delete(
            BASE + path + (f"?{query}" if query else ""), headers=self.headers
        )
