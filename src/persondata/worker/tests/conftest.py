from __future__ import annotations

import pytest

from persondata.policy.actions import apply_declaration
from persondata.retention.tests.engine_fixtures import REFERENCE


@pytest.fixture
def reference() -> None:
    """eksempel.yaml applied as the current declaration (the caller provides the db)."""
    assert REFERENCE.exists(), f"the reference declaration is missing: {REFERENCE}"
    apply_declaration(path=REFERENCE, actor_label="test")
