"""Small pieces of plain SQL shared by the set-based parts of the product."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models


def one_of(values: Sequence[Any]) -> tuple[str, list[Any]]:
    """A condition "is one of ``values``" (to follow a column) and its
    parameters: one bound parameter whatever the list's length, an array on
    PostgreSQL and a JSON array on SQLite. A list of thousands then costs
    neither a placeholder each nor a statement text the driver must scan
    for them."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [list(values)]
    return "IN (SELECT value FROM json_each(%s))", [json.dumps(list(values))]


def table_names(tables: Mapping[str, type[models.Model]]) -> dict[str, str]:
    """Each model's table name, quoted for this database, under its key: the
    parts a hand-written statement's template is filled with."""
    return {key: connection.ops.quote_name(model._meta.db_table) for key, model in tables.items()}
