"""Small pieces of plain SQL shared by the set-based parts of the product."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection


def one_of(values: Sequence[Any]) -> tuple[str, list[Any]]:
    """A condition "is one of ``values``" (to follow a column) and its
    parameters: one bound parameter whatever the list's length, an array on
    PostgreSQL and a JSON array on SQLite. A list of thousands then costs
    neither a placeholder each nor a statement text the driver must scan
    for them."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [list(values)]
    return "IN (SELECT value FROM json_each(%s))", [json.dumps(list(values))]
