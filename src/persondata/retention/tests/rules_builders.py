"""Builders for the retention rule tests: the reference declaration's activities and facts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from persondata.policy.loader import load_file
from persondata.policy.schema import Activity, Declaration
from persondata.retention.rules import RecordFacts, SubjectFacts

_CHECKOUT = Path(__file__).resolve().parents[4]
# The shared reference declaration; examples/demo.yaml is the checkout's own copy of it.
_REFERENCE_FILES = (
    _CHECKOUT.parent / "shared" / "examples" / "eksempel.yaml",
    _CHECKOUT / "examples" / "demo.yaml",
)


@cache
def reference_declaration() -> Declaration:
    path = next(p for p in _REFERENCE_FILES if p.exists())
    result = load_file(path)
    assert result.declaration is not None, [str(p) for p in result.errors]
    return result.declaration


def reference_activity(key: str) -> Activity:
    return reference_declaration().activities[key]


def activity(retention: list[dict[str, Any]], **extra: Any) -> Activity:
    """An activity with the given retention rules and otherwise minimal fields."""
    fields: dict[str, Any] = {
        "name": "Test activity",
        "data_use": "essential.service",
        "subjects": ["customer"],
        "data": ["user.contact.email"],
        "legal_bases": ["contract"],
        "sources": ["data_subject"],
        "recipients": [],
        "retention": retention,
    }
    fields.update(extra)
    return Activity.model_validate(fields)


def subject(
    *categories: str,
    events: Mapping[str, date] | None = None,
    active_relationships: tuple[str, ...] = (),
    active_consents: tuple[str, ...] = (),
    on_hold: bool = False,
) -> SubjectFacts:
    return SubjectFacts(
        categories=frozenset(categories),
        events=dict(events or {}),
        active_relationships=frozenset(active_relationships),
        active_consents=frozenset(active_consents),
        on_hold=on_hold,
    )


def record(data_category: str = "user.contact.email", collected: date | None = None) -> RecordFacts:
    return RecordFacts(data_category=data_category, collected=collected or date(2020, 1, 1))
