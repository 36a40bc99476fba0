"""Fixtures for the consent tests: the test declaration applied (tests/
declaration.yaml) and a frozen clock, 2026-03-02 10:00 in Copenhagen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import time_machine

from persondata.consent.tests.factories import DECLARATION_PATH, NOW
from persondata.policy.actions import apply_declaration


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def declaration(db: None, frozen_now: datetime) -> Path:
    apply_declaration(path=DECLARATION_PATH, actor_label="test")
    return DECLARATION_PATH
