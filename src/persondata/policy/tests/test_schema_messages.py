"""Schema errors in plain words: what is wrong, where, and what would be right,
instead of pydantic's "Input should be ..."."""

from __future__ import annotations

import pytest

from persondata.policy.schema_errors import readable
from persondata.policy.tests.declaration_texts import check, edited, only_error, position_of


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        (
            "    special_basis: employment\n",
            "    special_basis: work\n",
            "special_basis: ^^work",
            "'work' is not a basis for special category data (Art. 9(2)); expected one of: "
            "explicit_consent, employment, vital_interests, not_for_profit, made_public, "
            "legal_claims, substantial_public_interest, health_care, public_health, "
            "archiving_research",
        ),
        (
            "    transfer_safeguard: scc\n",
            "    transfer_safeguard: contract\n",
            "transfer_safeguard: ^^contract",
            "'contract' is not a transfer safeguard (Art. 45-49); expected one of: adequacy, "
            "scc, bcr, derogation",
        ),
        (
            "        until_end_of: calendar_year\n\n  newsletter:",
            "        until_end_of: year\n\n  newsletter:",
            "until_end_of: ^^year",
            "'year' is not a period to round up to; expected one of: financial_year, calendar_year",
        ),
        (
            "    unreviewed: flag\n    erasure: delete\n    retention:\n      - keep: 3y",
            "    unreviewed: warn\n    erasure: delete\n    retention:\n      - keep: 3y",
            "unreviewed: ^^warn",
            "'warn' is not a way to handle unreviewed records; expected one of: flag, erase",
        ),
        (
            "    sensitivity: criminal\n",
            "    sensitivity: secret\n",
            "sensitivity: ^^secret",
            "'secret' is not a sensitivity level; expected one of: ordinary, national_id, "
            "confidential, special, criminal",
        ),
        (
            "    role: processor\n    on_behalf_of",
            "    role: vendor\n    on_behalf_of",
            "role: ^^vendor",
            "'vendor' is not an activity role; expected one of: controller, processor",
        ),
        (
            "    marketing_channels: [sms]\n",
            "    marketing_channels: [sms, fax]\n",
            "[sms, ^^fax]",
            "'fax' is not a marketing channel; expected one of: email, sms, phone, post",
        ),
        (
            "\nversion: 1\n",
            "\nversion: 2\n",
            "\nversion: ^^2",
            "'2' is not a supported format version; expected one of: 1",
        ),
    ],
)
def test_a_value_outside_a_fixed_set_names_what_it_should_be(
    old: str, new: str, at: str, message: str
) -> None:
    text = edited(old, new)
    error = only_error(check(text))
    assert error.message == message
    assert (error.line, error.column) == position_of(text, at)


def test_an_unknown_key_without_a_close_match_lists_the_valid_keys() -> None:
    text = edited("    name: Mette Kjær\n", "    name: Mette Kjær\n    fax: 12345678\n")
    error = only_error(check(text))
    assert error.message == (
        "unknown key 'fax' in controller.dpo; the valid keys are: name, email, phone"
    )
    assert (error.line, error.column) == position_of(text, "^^fax:")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "        within: 30d\n",
            "        withn: 30d\n",
            "unknown key 'withn' in activities.client_hosting.retention[0]; did you mean 'within'?",
        ),
        (
            "        until_end_of: calendar_year\n\n  newsletter:",
            "        untill_end_of: calendar_year\n\n  newsletter:",
            "unknown key 'untill_end_of' in activities.security_logs.retention[0]; did you mean "
            "'until_end_of'?",
        ),
    ],
)
def test_an_unknown_key_in_a_retention_rule_suggests_the_rules_own_key(
    old: str, new: str, message: str
) -> None:
    messages = [e.message for e in check(edited(old, new)).errors]
    assert message in messages


def test_a_missing_nested_key_points_at_the_mapping_that_lacks_it() -> None:
    text = edited("    email: dpo@nordlys-it.dk\n", "")
    error = only_error(check(text))
    assert error.message == "controller.dpo is missing the required key 'email'"
    assert (error.line, error.column) == position_of(text, "  ^^dpo:")


def test_an_empty_list_where_one_item_is_needed_says_so() -> None:
    text = edited("    subjects: [webinar_participant]\n", "    subjects: []\n")
    error = only_error(check(text))
    assert error.message == "activities.webinars.subjects must list at least one item"


def test_a_declaration_without_activities_says_it_needs_one() -> None:
    text = check("version: 1\ncontroller: {name: A, address: B, email: a@b.dk}\nactivities: {}\n")
    error = only_error(text)
    assert error.message == "the declaration needs at least one activity"
    assert (error.line, error.column) == (3, 13)


def test_automated_decisions_names_its_two_forms() -> None:
    text = edited(
        "    data_use: employment.recruitment\n",
        "    data_use: employment.recruitment\n    automated_decisions: maybe\n",
    )
    error = only_error(check(text))
    assert error.message == (
        "activities.recruitment.automated_decisions must be true, false or "
        "{used: true, text: ...}; got 'maybe'"
    )
    assert (error.line, error.column) == position_of(text, "automated_decisions: ^^maybe")


def test_a_text_field_given_a_number_says_what_a_text_looks_like() -> None:
    text = edited("name: {da: Webinarer, en: Webinars}", "name: 42")
    error = only_error(check(text))
    assert error.message == (
        "activities.webinars.name must be a text, or a text per language as "
        "{da: ..., en: ...}; got '42'"
    )


def test_an_invalid_email_address_is_named() -> None:
    error = only_error(check(edited("  email: privatliv@nordlys-it.dk", "  email: privatliv")))
    assert error.message == "controller.email: 'privatliv' is not an e-mail address"


def test_locations_read_like_the_file() -> None:
    assert readable(("activities", "x", "retention", 0, "keep")) == "activities.x.retention[0].keep"
    assert readable(()) == "the declaration"
