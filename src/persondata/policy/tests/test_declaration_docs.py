"""docs/declaration.md stays true: every key of the format is documented, and
every YAML example in it can be read."""

from __future__ import annotations

import re

import pytest
import yaml
from pydantic import BaseModel

from persondata.policy.schema import (
    Activity,
    ConsentPurpose,
    Controller,
    DataCategory,
    Declaration,
    Recipient,
)
from persondata.policy.tests.declaration_texts import CHECKOUT

DOCS = (CHECKOUT / "docs" / "declaration.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "model", [Declaration, Controller, DataCategory, Recipient, ConsentPurpose, Activity]
)
def test_every_key_of_the_format_has_a_row_in_the_docs(model: type[BaseModel]) -> None:
    keys = [name for name, info in model.model_fields.items() if not info.exclude]
    missing = [key for key in keys if f"| `{key}` |" not in DOCS]
    assert missing == []


def test_every_yaml_example_in_the_docs_can_be_read() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS, flags=re.DOTALL)
    assert len(blocks) >= 8
    for block in blocks:
        assert yaml.safe_load(block) is not None
