"""Danish sensitivity levels of data categories: fideslang's keys mapped to
ordinary / national_id / confidential / special / criminal, children
inheriting from their nearest parent with a level, declared categories
extending the taxonomy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persondata.policy.schema import Declaration
from persondata.policy.taxonomy import (
    FIDESLANG_SENSITIVITY,
    SENSITIVITY_LEVELS,
    UnknownKeyError,
    category_ancestors,
    default_taxonomy,
    is_known_data_category,
    is_within_category,
    sensitivity_of,
)
from persondata.policy.tests.declaration_texts import demo_declaration

FIDESLANG_KEYS = sorted(default_taxonomy().data_categories)


def with_categories(categories: dict[str, dict[str, Any]]) -> Declaration:
    """The demo declaration with ``categories`` as its data_categories."""
    data = demo_declaration().model_dump(mode="json", exclude_none=True)
    data["data_categories"] = categories
    return Declaration.model_validate(data)


@pytest.mark.parametrize(
    ("key", "level"),
    [
        ("user.government_id.national_identification_number", "national_id"),
        ("user.government_id", "national_id"),
        ("user.government_id.birth_certificate", "national_id"),
        ("user.government_id.passport_number", "ordinary"),
        ("user.government_id.drivers_license_number", "ordinary"),
        ("user.government_id.immigration", "ordinary"),
        ("user.government_id.vehicle_registration", "ordinary"),
        ("user.health_and_medical", "special"),
        ("user.health_and_medical.genetic", "special"),
        ("user.health_and_medical.record_id", "special"),
        ("user.biometric", "special"),
        ("user.biometric.fingerprint", "special"),
        ("user.authorization.biometric", "special"),
        ("user.demographic.race_ethnicity", "special"),
        ("user.demographic.religious_belief", "special"),
        ("user.demographic.sexual_orientation", "special"),
        ("user.demographic.political_opinion", "special"),
        ("user.demographic.gender", "ordinary"),
        ("user.criminal_history", "criminal"),
        ("user.name", "ordinary"),
        ("user.contact.email", "ordinary"),
        ("user.financial.credit_card", "ordinary"),
        ("system.operations", "ordinary"),
    ],
)
def test_fideslang_categories_have_their_danish_level(key: str, level: str) -> None:
    assert sensitivity_of(key) == level


@given(st.sampled_from([key for key in FIDESLANG_KEYS if key not in FIDESLANG_SENSITIVITY]))
def test_a_fideslang_category_without_its_own_level_has_its_parents(key: str) -> None:
    parent = default_taxonomy().data_categories[key].parent
    assert sensitivity_of(key) == (sensitivity_of(parent) if parent else "ordinary")


def test_declared_categories_have_their_own_level_or_their_parents() -> None:
    declaration = demo_declaration()
    assert sensitivity_of("dk.support_ticket", declaration) == "ordinary"
    assert sensitivity_of("dk.tax_card", declaration) == "national_id"
    assert sensitivity_of("dk.family_relations", declaration) == "confidential"
    assert sensitivity_of("dk.union_membership", declaration) == "special"
    assert sensitivity_of("dk.criminal_record", declaration) == "criminal"
    # No level given: inherited from user.health_and_medical and user.content.private.
    assert sensitivity_of("dk.sick_leave", declaration) == "special"
    assert sensitivity_of("dk.call_recording", declaration) == "ordinary"


def test_the_demo_declares_a_category_of_every_level() -> None:
    declaration = demo_declaration()
    levels = {sensitivity_of(key, declaration) for key in declaration.data_categories}
    assert levels == set(SENSITIVITY_LEVELS)


@settings(deadline=None)
@given(
    root=st.sampled_from(FIDESLANG_KEYS),
    levels=st.lists(st.sampled_from([*SENSITIVITY_LEVELS, None]), min_size=1, max_size=6),
)
def test_a_chain_of_declared_categories_takes_the_nearest_level(
    root: str, levels: list[str | None]
) -> None:
    # dk.c0 under root, dk.c1 under dk.c0, ...: the last one's level is the
    # nearest level given on the way up, else the fideslang root's.
    categories: dict[str, dict[str, Any]] = {}
    parent = root
    for index, level in enumerate(levels):
        key = f"dk.c{index}"
        categories[key] = {"name": key, "parent": parent}
        if level is not None:
            categories[key]["sensitivity"] = level
        parent = key
    declaration = with_categories(categories)
    leaf = f"dk.c{len(levels) - 1}"
    given_levels = [level for level in levels if level is not None]
    expected = given_levels[-1] if given_levels else sensitivity_of(root)
    assert sensitivity_of(leaf, declaration) == expected
    assert category_ancestors(leaf, declaration)[-1] == root.split(".")[0]
    assert is_within_category(leaf, root, declaration)


def test_declared_categories_extend_the_taxonomy_only_through_a_known_parent() -> None:
    declaration = with_categories(
        {
            "dk.good": {"name": "Good", "parent": "user.contact"},
            "dk.child": {"name": "Child", "parent": "dk.good"},
            "dk.orphan": {"name": "Orphan", "parent": "user.nonsense"},
            "dk.loop_a": {"name": "A", "parent": "dk.loop_b"},
            "dk.loop_b": {"name": "B", "parent": "dk.loop_a"},
        }
    )
    assert is_known_data_category("user.contact.email")
    assert not is_known_data_category("dk.good")
    assert is_known_data_category("dk.good", declaration)
    assert is_known_data_category("dk.child", declaration)
    assert not is_known_data_category("dk.orphan", declaration)
    assert not is_known_data_category("dk.loop_a", declaration)
    assert category_ancestors("dk.child", declaration) == ["dk.good", "user.contact", "user"]
    with pytest.raises(
        UnknownKeyError, match=re.escape("'user.nonsense' is not a known data category")
    ):
        sensitivity_of("dk.orphan", declaration)
    with pytest.raises(UnknownKeyError, match="its parents form a circle"):
        category_ancestors("dk.loop_a", declaration)


def test_within_category_means_the_same_or_below() -> None:
    assert is_within_category("user.contact.email", "user.contact")
    assert is_within_category("user.contact", "user.contact")
    assert not is_within_category("user.contact", "user.contact.email")
    assert not is_within_category("user.nonsense", "user")
