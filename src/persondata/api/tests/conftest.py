"""Fixtures for the API's tests: the API's test declaration applied, a frozen
clock (2026-03-02 10:00 in Copenhagen), and clients holding keys with
chosen scopes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import time_machine

from persondata.api.tests.api_client import ApiClient
from persondata.api.tests.register_world import DECLARATION_PATH, NOW
from persondata.policy.actions import apply_declaration


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def declaration(db: None, frozen_now: datetime) -> Path:
    """api/tests/declaration.yaml applied as version 1."""
    apply_declaration(path=DECLARATION_PATH, actor_label="test")
    return DECLARATION_PATH


@pytest.fixture
def api(declaration: Path) -> ApiClient:
    """A client whose key has every scope."""
    return ApiClient.with_scopes("read", "write", "erase", name="all")


@pytest.fixture
def reader(declaration: Path) -> ApiClient:
    return ApiClient.with_scopes("read", name="reader")


@pytest.fixture
def writer(declaration: Path) -> ApiClient:
    return ApiClient.with_scopes("write", name="writer")
