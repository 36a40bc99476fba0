from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

from persondata.demo.tests.declarations import DEMO
from persondata.policy.actions import apply_declaration

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def demo_declaration(db: None, frozen_now: datetime) -> None:
    """examples/demo.yaml applied, as `make run` does."""
    apply_declaration(path=DEMO, actor_label="test")
