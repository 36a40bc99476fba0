"""The remaining cross-file rules: declared categories and events must not
clash with built-ins, a declared category's parents must lead to fideslang,
on_behalf_of belongs to processor activities, events take the right
parameter, and texts that are never used are pointed out."""

from __future__ import annotations

import pytest

from persondata.policy.tests.declaration_texts import (
    check,
    edited,
    only_error,
    position_of,
)


def test_redeclaring_a_fideslang_category_is_an_error() -> None:
    text = edited(
        "  dk.support_ticket:\n",
        "  user.name:\n    name: Navn\n    parent: user\n  dk.support_ticket:\n",
    )
    error = only_error(check(text))
    assert error.message == (
        "'user.name' is already a fideslang data category; give your own category a new key "
        "(for example with a 'dk.' prefix)"
    )
    assert (error.line, error.column) == position_of(text, "^^user.name:\n")


def test_a_category_cannot_be_its_own_parent() -> None:
    text = edited("    parent: user.criminal_history\n", "    parent: dk.criminal_record\n")
    error = only_error(check(text))
    assert error.message == "the data category 'dk.criminal_record' cannot be its own parent"
    assert (error.line, error.column) == position_of(text, "parent: ^^dk.criminal_record")


def test_parents_in_a_circle_are_an_error_for_each_member() -> None:
    text = edited("    parent: user.criminal_history\n", "    parent: dk.tax_card\n")
    text = edited("    parent: user.financial\n", "    parent: dk.criminal_record\n", text)
    messages = [e.message for e in check(text).errors]
    assert messages == [
        "the parents of 'dk.tax_card' go round in a circle; the chain must end at a fideslang "
        "category such as 'user'",
        "the parents of 'dk.criminal_record' go round in a circle; the chain must end at a "
        "fideslang category such as 'user'",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "collected",
            "'collected' is a built-in event; remove it from events or choose another name",
        ),
        (
            "consent_given",
            "'consent_given' is a built-in event; remove it from events or choose another name",
        ),
        (
            "job:done",
            "the event name 'job:done' may not contain ':'; use letters, digits and _",
        ),
    ],
)
def test_a_declared_event_may_not_clash_with_a_built_in(name: str, message: str) -> None:
    text = edited("events:\n", f"events:\n  {name}: {{da: Noget, en: Something}}\n")
    error = only_error(check(text))
    assert error.message == message
    assert (error.line, error.column) == position_of(text, f"  ^^{name}: {{da: Noget")


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            "consent_withdrawn",
            "the event 'consent_withdrawn' needs a consent purpose: write "
            "'consent_withdrawn:<key>'",
        ),
        (
            "collected:yesterday",
            "the event 'collected' takes no ':' part; only relationship_ended:<subject "
            "category>, consent_given:<purpose> and consent_withdrawn:<purpose> do",
        ),
        ("consent_given:newsletter", None),
        ("relationship_ended", None),
        ("relationship_ended:prospect", None),
        ("last_contact", None),
    ],
)
def test_events_take_the_right_parameter(event: str, message: str | None) -> None:
    text = edited("        after: last_contact\n", f"        after: {event}\n")
    result = check(text)
    assert [e.message for e in result.errors] == ([message] if message else [])


def test_on_behalf_of_on_a_controller_activity_is_an_error() -> None:
    text = edited(
        "    data_use: employment.recruitment\n",
        "    data_use: employment.recruitment\n    on_behalf_of: [Kunde A/S]\n",
    )
    error = only_error(check(text))
    assert error.message == (
        "activity 'recruitment' names on_behalf_of but its role is controller; add "
        "role: processor or remove on_behalf_of"
    )
    assert (error.line, error.column) == position_of(text, "^^on_behalf_of: [Kunde A/S]")


def test_a_public_source_needs_a_description() -> None:
    text = edited('"public: LinkedIn og virksomhedernes egne hjemmesider"', '"public:  "')
    error = only_error(check(text))
    assert error.message == "a public source needs a description, e.g. 'public: LinkedIn'"
    assert (error.line, error.column) == position_of(text, '^^"public:  "')


def test_sources_may_be_a_recipient_or_a_subject_category() -> None:
    # webinars: cloudforum is a recipient; client_hosting: customer is a subject category.
    assert check(edited("sources: [data_subject, cloudforum]", "sources: [cloudforum]")).ok
    assert check(edited("    sources: [customer]\n", "    sources: [customer, prospect]\n")).ok


def test_stated_interests_without_that_basis_are_pointed_out() -> None:
    text = edited(
        "    legal_bases: [contract, legitimate_interest]\n    legitimate_interests:\n"
        "      da: At kunne dokumentere",
        "    legal_bases: [contract]\n    legitimate_interests:\n      da: At kunne dokumentere",
    )
    result = check(text)
    assert result.ok
    [warning] = result.warnings
    assert warning.message == (
        "activity 'support' states legitimate_interests but legitimate_interest is not among "
        "its legal_bases, so the text is not used"
    )


def test_a_special_basis_without_special_data_is_pointed_out() -> None:
    text = edited(
        "    legal_bases: [vital_interests]\n",
        "    legal_bases: [vital_interests]\n    special_basis: vital_interests\n",
    )
    [warning] = check(text).warnings
    assert warning.message == (
        "activity 'emergency_contacts' gives a special_basis but none of its data is special "
        "category data (Art. 9), so it is not used"
    )
    assert (warning.line, warning.column) == position_of(text, "^^special_basis: vital")


def test_a_declared_level_below_a_special_parent_is_pointed_out() -> None:
    text = edited(
        "    parent: user.health_and_medical\n",
        "    parent: user.health_and_medical\n    sensitivity: ordinary\n",
    )
    result = check(text)
    assert result.ok
    [warning] = result.warnings
    assert warning.message == (
        "'dk.sick_leave' is declared 'ordinary' but its parent 'user.health_and_medical' is "
        "'special'; data under a special category is normally itself special (Art. 9) or "
        "criminal (Art. 10): check this level"
    )


def test_special_data_through_a_declared_child_needs_a_special_basis() -> None:
    # dk.sick_leave declares no level and inherits special from its parent.
    text = edited("      - dk.union_membership\n", "")
    text = edited("    special_basis: employment\n", "", text)
    text = edited(
        "        data: [user.contact, dk.union_membership, dk.sick_leave]",
        "        data: [user.contact, dk.sick_leave]",
        text,
    )
    error = only_error(check(text))
    assert error.message.startswith(
        "activity 'employee_administration' processes special category data (dk.sick_leave)"
    )
    assert (error.line, error.column) == position_of(text, "      - ^^dk.sick_leave\n")
