"""Fixtures for the API's tests: the demo declaration applied, a frozen clock
(2026-03-02 10:00 in Copenhagen), keys with each scope, and a client that
sends a key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import time_machine

from persondata.api.tests.api_client import ApiClient
from persondata.policy.actions import apply_declaration
from persondata.subjects.tests.conftest import NOW
from persondata.subjects.tests.factories import DECLARATION_PATH


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def declaration(db: None, frozen_now: datetime) -> Path:
    """The demo declaration (examples/demo.yaml) applied as version 1."""
    apply_declaration(path=DECLARATION_PATH, actor_label="test")
    return DECLARATION_PATH


@pytest.fixture
def api(declaration: Path) -> ApiClient:
    """A client with a key that has every scope."""
    return ApiClient.with_scopes("read", "write", "erase")


@pytest.fixture
def reader(declaration: Path) -> ApiClient:
    return ApiClient.with_scopes("read")


@pytest.fixture
def writer(declaration: Path) -> ApiClient:
    return ApiClient.with_scopes("write")
