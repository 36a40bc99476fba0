"""rule_definition: a plan group's rule in the declaration's own words (no database)."""

from __future__ import annotations

from persondata.api.retention import rule_definition
from persondata.api.tests.register_world import DECLARATION_PATH
from persondata.policy.loader import load_file

DECLARATION = load_file(DECLARATION_PATH).declaration


def test_a_keep_rule_with_a_period_end() -> None:
    assert rule_definition(DECLARATION, "employee_administration", 0) == {
        "keep": "5y",
        "after": "relationship_ended:employee",
        "until_end_of": "financial_year",
        "data": ["user.name", "user.government_id.national_identification_number"],
    }


def test_a_trigger_rule_with_a_data_selector() -> None:
    assert rule_definition(DECLARATION, "employee_administration", 1) == {
        "on": "relationship_ended:employee",
        "within": "1mo",
        "data": ["dk.sick_leave"],
    }


def test_a_rule_that_no_longer_exists_is_none() -> None:
    assert rule_definition(DECLARATION, "employee_administration", 2) is None
    assert rule_definition(DECLARATION, "employee_administration", -1) is None
    assert rule_definition(DECLARATION, "gone", 0) is None


def test_no_rule_index_or_no_declaration_is_none() -> None:
    assert rule_definition(DECLARATION, "bookkeeping", None) is None
    assert rule_definition(None, "bookkeeping", 0) is None
