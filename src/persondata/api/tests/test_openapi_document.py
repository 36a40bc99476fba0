"""The OpenAPI document at /api/v1/openapi.json and the docs page at /api/v1/docs."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from django.test import Client

from persondata.api.tests.test_scopes import OPERATIONS

pytestmark = pytest.mark.django_db


def _document() -> Any:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_the_document_is_valid_openapi_3() -> None:
    document = _document()
    assert document["openapi"].startswith("3.")
    # Raises a ValidationError naming the first problem against the OpenAPI meta-schema.
    schemathesis.openapi.from_dict(document).validate()


def test_an_invalid_document_would_be_caught() -> None:
    document = _document()
    document["paths"]["/api/v1/subjects"]["get"]["responses"] = "none"
    with pytest.raises(Exception, match="none"):
        schemathesis.openapi.from_dict(document).validate()


def test_the_document_lists_every_path_and_method() -> None:
    paths = _document()["paths"]
    listed = {(m.upper(), p) for p, item in paths.items() for m in item}
    assert listed == {
        (method, f"/api/v1{path.partition('?')[0]}") for method, path, _, _ in OPERATIONS
    }


def test_every_operation_requires_a_bearer_key_and_documents_its_errors() -> None:
    document = _document()
    assert document["components"]["securitySchemes"] == {
        "ApiKeyAuth": {"type": "http", "scheme": "bearer"}
    }
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation["security"] == [{"ApiKeyAuth": []}], (method, path)
            assert {"401", "403", "422"} <= set(operation["responses"]), (method, path)


def test_the_document_names_the_api_and_its_version() -> None:
    info = _document()["info"]
    assert (info["title"], info["version"]) == ("persondata API", "1")


def test_the_docs_page_needs_no_key_and_uses_local_scripts() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/openapi.json" in page
    assert "swagger-ui-bundle.js" in page
    assert "cdn." not in page
