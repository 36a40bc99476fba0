"""The declaration is read with YAML 1.2 words: only true/false are booleans,
so a trigger rule's ``on:`` stays a key and ``no``/``yes``/``off`` stay text."""

from __future__ import annotations

import yaml

from persondata.policy.schema import TriggerRule
from persondata.policy.tests.declaration_texts import check, demo_text, edited


def test_on_stays_a_key_so_a_trigger_rule_is_read_as_a_trigger_rule() -> None:
    # Plain YAML 1.1 would read `on:` as the boolean True.
    assert True in yaml.safe_load("on: x")
    result = check(demo_text())
    assert result.declaration is not None
    [rule] = result.declaration.activities["client_hosting"].retention
    assert isinstance(rule, TriggerRule)
    assert rule.on == "dpa_terminated"


def test_a_quoted_on_key_means_the_same() -> None:
    result = check(edited("      - on: dpa_terminated\n", "      - 'on': dpa_terminated\n"))
    assert result.declaration is not None
    [rule] = result.declaration.activities["client_hosting"].retention
    assert isinstance(rule, TriggerRule)


def test_yes_no_and_off_stay_text() -> None:
    text = edited("  name: Nordlys IT ApS\n", "  name: no\n")
    text = edited("subject_categories:\n", "subject_categories:\n  yes: Ja-sigere\n", text)
    result = check(text)
    assert result.declaration is not None
    assert result.declaration.controller.name == "no"
    assert result.declaration.subject_categories["yes"].da == "Ja-sigere"


def test_true_and_false_are_still_booleans() -> None:
    result = check(edited("existing_customer_exception: true", "existing_customer_exception: True"))
    assert result.declaration is not None
    assert result.declaration.activities["customer_offers"].existing_customer_exception is True


def test_an_unquoted_public_source_in_a_list_is_read_as_the_text_it_looks_like() -> None:
    # `[data_subject, public: LinkedIn]` is a one-key mapping in YAML.
    text = edited(
        'sources: [data_subject, "public: LinkedIn og virksomhedernes egne hjemmesider"]',
        "sources: [data_subject, public: LinkedIn]",
    )
    result = check(text)
    assert result.declaration is not None
    assert result.declaration.activities["sales_prospects"].sources == [
        "data_subject",
        "public: LinkedIn",
    ]
