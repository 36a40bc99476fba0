"""Property-based tests of the whole API against its own OpenAPI document.

Schemathesis generates requests that fit the schema for every operation
(a bounded, derandomised number each, so the run is the same every time
and quick), sends them with a key that has every scope, and checks that
no answer is a server error and that every answer is documented: its
status code, content type and body schema. Path parameters point at a
real subject, record, relationship and hold, so that requests reach the
register's actions instead of stopping at 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from persondata.api.tests.api_client import ApiClient
from persondata.api.tests.register_world import World, build_world
from persondata.wsgi import application

EXAMPLES_PER_OPERATION = 10

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE],
    max_examples=EXAMPLES_PER_OPERATION,
    deterministic=True,
    database="none",
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Keep the test's database connection open across requests.

    A real WSGI request closes old connections when it starts and ends;
    that would close the connection holding the test's transaction (on
    PostgreSQL). Django's own test client switches this off the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(api: ApiClient, keep_test_connection: None) -> World:
    return build_world()


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_documented_and_none_is_a_server_error(
    case: Any, api: ApiClient, world: World
) -> None:
    if case.path_parameters:
        real = {
            "key": str(world.subject.key),
            "record_id": world.record.pk,
            "relationship_id": world.relationship.pk,
            "hold_id": world.hold.pk,
        }
        case.path_parameters = {
            name: real.get(name, value) for name, value in case.path_parameters.items()
        }
    case.call_and_validate(headers=api.headers, checks=CHECKS)
