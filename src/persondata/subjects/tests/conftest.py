"""Fixtures for the register's tests: the reference declaration applied, and
a frozen clock (2026-03-02 10:00 in Copenhagen) for everything date-dependent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from persondata.policy.actions import apply_declaration
from persondata.subjects.tests.factories import DECLARATION_PATH

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def declaration(db: None, frozen_now: datetime) -> Path:
    """The register's test declaration (tests/register.yaml) applied as version 1."""
    apply_declaration(path=DECLARATION_PATH, actor_label="test")
    return DECLARATION_PATH
