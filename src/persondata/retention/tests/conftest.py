from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import time_machine

from persondata.policy.actions import apply_declaration
from persondata.retention.tests.engine_fixtures import NOW, REFERENCE


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def reference(db: None, frozen_now: datetime) -> None:
    """eksempel.yaml applied as the current declaration."""
    assert REFERENCE.exists(), f"the reference declaration is missing: {REFERENCE}"
    apply_declaration(path=REFERENCE, actor_label="test")
