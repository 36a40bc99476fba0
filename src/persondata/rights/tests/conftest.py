"""Fixtures for the rights tests: the demo declaration (examples/demo.yaml)
applied, a frozen clock, and a demo customer made through the register's actions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import time_machine

from persondata.policy.actions import apply_declaration
from persondata.rights.tests.factories import DEMO, NOW, Customer, make_customer


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def demo(db: None, frozen_now: datetime) -> None:
    """examples/demo.yaml applied, as `make run` does."""
    apply_declaration(path=DEMO, actor_label="test")


@pytest.fixture
def customer(demo: None) -> Customer:
    """A customer of the demo company with bookkeeping, contract, consent and
    legitimate-interest data, and a newsletter consent."""
    return make_customer()
