"""SPEC 3: an activity under which some subject category could be kept forever
(no keep rule and no trigger rule applies to it) gets a warning at that
subject; triggers count, since their anchor event may occur."""

from __future__ import annotations

from persondata.policy.tests.declaration_texts import check, demo_text, edited, position_of


def forever(activity: str, subject: str, what: str = "no retention rule applies to it") -> str:
    return (
        f"under activity '{activity}', data about '{subject}' could be kept forever: {what}; "
        "add a keep or trigger rule for it"
    )


def test_the_demo_keeps_nothing_forever() -> None:
    assert check(demo_text()).warnings == []


def test_a_subject_no_rule_applies_to_is_warned_about_at_the_subject() -> None:
    text = edited(
        "    subjects: [webinar_participant]\n",
        "    subjects: [webinar_participant, prospect]\n",
    )
    text = edited(
        "      - keep: 3mo\n        after: webinar_held\n",
        "      - keep: 3mo\n        after: webinar_held\n        subjects: [webinar_participant]\n",
        text,
    )
    result = check(text)
    assert result.ok
    [warning] = result.warnings
    assert warning.message == forever("webinars", "prospect")
    assert (warning.line, warning.column) == position_of(text, "[webinar_participant, ^^prospect]")


def test_a_trigger_rule_alone_counts_as_a_rule() -> None:
    # The newsletter has only "5 days after consent is withdrawn".
    result = check(demo_text())
    assert result.declaration is not None
    newsletter = result.declaration.activities["newsletter"]
    assert newsletter.keep_rules == []
    assert len(newsletter.trigger_rules) == 1
    assert result.warnings == []


def test_a_data_selector_that_leaves_a_category_out_is_warned_about() -> None:
    # Without the trigger for dk.criminal_record, no rule selects it.
    text = edited(
        "      - on: collected\n        within: 1mo\n        data: [dk.criminal_record]\n", ""
    )
    result = check(text)
    assert result.errors == []
    [warning] = result.warnings
    assert warning.message == forever(
        "employee_administration",
        "employee",
        "no retention rule applies to its dk.criminal_record",
    )
    assert (warning.line, warning.column) == position_of(
        text, "subjects: [^^employee]\n    data:\n"
    )


def test_a_data_selector_naming_a_parent_category_covers_its_children() -> None:
    # support: `data: [user.name, user.contact, dk.support_ticket]` covers the
    # activity's e-mail address and phone number.
    text = edited(
        "        data: [user.name, user.contact, dk.support_ticket]\n",
        "        data: [user.name, user.contact.email, dk.support_ticket]\n",
    )
    what = "no retention rule applies to its user.contact.phone_number"
    assert [w.message for w in check(text).warnings] == [
        forever("support", "customer", what),
        forever("support", "contact_person", what),
    ]
    assert check(demo_text()).warnings == []
