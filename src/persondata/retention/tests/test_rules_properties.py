"""Properties of retention due dates that must hold for every declaration and every facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from persondata.lib.dates import last_day_of_month
from persondata.policy.schema import Activity, KeepRule
from persondata.retention.rules import (
    Due,
    RecordFacts,
    SubjectFacts,
    anchor_date,
    compute_due,
    record_due,
    rule_applies,
)
from persondata.retention.tests.rules_builders import activity

SUBJECT_CATEGORIES = ("customer", "contact_person", "prospect")
DATA_CATEGORIES = ("user.contact.email", "user.contact", "user.name", "user.payment")
DATA_SELECTORS = ("user", "user.contact", "user.contact.email", "user.name", "user.payment")
CONSENTS = ("newsletter", "extended_retention")
RELATIONSHIPS = ("customer", "supplier_vendor")
SUBJECT_EVENTS = (
    "relationship_ended",
    "relationship_ended:customer",
    "relationship_ended:supplier_vendor",
    "consent_given:newsletter",
    "consent_withdrawn:newsletter",
    "consent_withdrawn:extended_retention",
    "job_completed",
    "employment_ended",
    "last_contact",
)
ANCHORS = ("collected", *SUBJECT_EVENTS)
YEAR_ENDS = ((12, 31), (6, 30), (2, 28), (3, 31), (9, 30), (1, 1))

days = st.dates(min_value=date(1995, 1, 1), max_value=date(2055, 12, 31))


@st.composite
def durations(draw: st.DrawFn) -> str:
    parts = [
        (draw(st.integers(0, 6)), "y"),
        (draw(st.integers(0, 24)), "mo"),
        (draw(st.integers(0, 8)), "w"),
        (draw(st.integers(0, 40)), "d"),
    ]
    return "".join(f"{value}{unit}" for value, unit in parts if value) or "0d"


def selectors(names: tuple[str, ...]) -> st.SearchStrategy[list[str] | None]:
    return st.none() | st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)


@st.composite
def keep_rules(draw: st.DrawFn) -> dict[str, Any]:
    rule: dict[str, Any] = {"keep": draw(durations()), "after": draw(st.sampled_from(ANCHORS))}
    until = draw(st.sampled_from([None, "financial_year", "calendar_year"]))
    if until:
        rule["until_end_of"] = until
    if draw(st.booleans()):
        rule["extend"] = {"by": draw(durations()), "consent": draw(st.sampled_from(CONSENTS))}
    for key, names in (("subjects", SUBJECT_CATEGORIES), ("data", DATA_SELECTORS)):
        chosen = draw(selectors(names))
        if chosen is not None:
            rule[key] = chosen
    return rule


@st.composite
def trigger_rules(draw: st.DrawFn) -> dict[str, Any]:
    rule: dict[str, Any] = {"on": draw(st.sampled_from(ANCHORS)), "within": draw(durations())}
    for key, names in (("subjects", SUBJECT_CATEGORIES), ("data", DATA_SELECTORS)):
        chosen = draw(selectors(names))
        if chosen is not None:
            rule[key] = chosen
    return rule


activities = st.lists(keep_rules() | trigger_rules(), max_size=5).map(activity)


@st.composite
def subjects(draw: st.DrawFn) -> SubjectFacts:
    return SubjectFacts(
        categories=frozenset(
            draw(st.lists(st.sampled_from(SUBJECT_CATEGORIES), min_size=1, unique=True))
        ),
        events=draw(st.dictionaries(st.sampled_from(SUBJECT_EVENTS), days)),
        active_relationships=frozenset(draw(st.lists(st.sampled_from(RELATIONSHIPS), unique=True))),
        active_consents=frozenset(draw(st.lists(st.sampled_from(CONSENTS), unique=True))),
    )


records = st.builds(RecordFacts, data_category=st.sampled_from(DATA_CATEGORIES), collected=days)
year_ends = st.sampled_from(YEAR_ENDS)


def not_earlier(later: Due, earlier: Due) -> bool:
    """True when ``later`` is due no earlier than ``earlier`` (no date is infinitely late)."""
    if later.on is None:
        return True
    return earlier.on is not None and later.on >= earlier.on


@given(activities, records, subjects(), year_ends)
def test_a_due_date_never_precedes_the_date_of_its_anchor_event(rules, record, subject, year_end):
    due = compute_due(rules, record=record, subject=subject, year_end=year_end)

    if due.on is not None:
        assert due.rule_index is not None
        rule = rules.retention[due.rule_index]
        event = rule.after if isinstance(rule, KeepRule) else rule.on
        anchor = anchor_date(event, record=record, subject=subject)
        assert anchor is not None
        assert due.on >= anchor


@given(activities, records, subjects(), year_ends, st.sampled_from(CONSENTS))
def test_an_added_active_consent_never_shortens_retention(
    rules, record, subject, year_end, consent
):
    before = compute_due(rules, record=record, subject=subject, year_end=year_end)
    consenting = replace(subject, active_consents=subject.active_consents | {consent})

    after = compute_due(rules, record=record, subject=consenting, year_end=year_end)

    assert not_earlier(after, before)


@given(activities, records, subjects(), year_ends, st.sampled_from(RELATIONSHIPS))
def test_a_relationship_active_again_never_shortens_retention(
    rules, record, subject, year_end, kind
):
    before = compute_due(rules, record=record, subject=subject, year_end=year_end)
    active = replace(subject, active_relationships=subject.active_relationships | {kind})

    after = compute_due(rules, record=record, subject=active, year_end=year_end)

    assert not_earlier(after, before)


@given(activities, records, subjects(), year_ends)
def test_a_legal_hold_always_wins(rules, record, subject, year_end):
    held = compute_due(
        rules, record=record, subject=replace(subject, on_hold=True), year_end=year_end
    )

    assert held.on is None
    assert held.rule_index is None
    assert "legal hold" in held.reason


@given(activities, records, subjects(), year_ends)
def test_removing_the_triggers_never_yields_an_earlier_date(rules, record, subject, year_end):
    with_triggers = compute_due(rules, record=record, subject=subject, year_end=year_end)
    keep_only = Activity.model_validate(
        {**rules.model_dump(), "retention": [r.model_dump() for r in rules.keep_rules]}
    )

    without_triggers = compute_due(keep_only, record=record, subject=subject, year_end=year_end)

    assert not_earlier(without_triggers, with_triggers)


@given(activities, records, subjects(), year_ends)
def test_a_rule_for_other_subjects_changes_nothing(rules, record, subject, year_end):
    before = compute_due(rules, record=record, subject=subject, year_end=year_end)
    foreign = [
        {"keep": "1d", "after": "collected", "subjects": ["visitor"]},
        {"on": "collected", "within": "0d", "subjects": ["visitor"]},
    ]
    widened = Activity.model_validate(
        {**rules.model_dump(), "retention": [r.model_dump() for r in rules.retention] + foreign}
    )

    after = compute_due(widened, record=record, subject=subject, year_end=year_end)

    assert (after.on, after.rule_index, after.reason) == (
        before.on,
        before.rule_index,
        before.reason,
    )


@given(activities, records, subjects(), year_ends)
def test_an_occurred_trigger_makes_the_link_due_no_later_than_its_date(
    rules, record, subject, year_end
):
    due = compute_due(rules, record=record, subject=subject, year_end=year_end)

    for rule in rules.trigger_rules:
        occurred = anchor_date(rule.on, record=record, subject=subject)
        if occurred is not None and rule_applies(rule, record=record, subject=subject):
            assert due.on is not None
            assert due.on <= rule.within.add_to(occurred)


@given(
    st.lists(st.one_of(st.none(), days), min_size=1, max_size=6),
    days,
)
def test_a_record_is_due_exactly_when_all_its_links_are_due(dates, today):
    links = [Due(on=on, rule_index=0, reason="test link") for on in dates]

    whole = record_due(links)

    assert whole.is_due(today) == all(link.is_due(today) for link in links)
    if all(on is not None for on in dates):
        assert whole.on == max(on for on in dates if on is not None)
    else:
        assert whole.on is None


@given(days, st.integers(0, 5), st.integers(0, 30))
def test_keeping_for_months_never_lands_past_the_end_of_a_month(collected, years, months):
    keep = f"{years}y{months}mo" if years else f"{months}mo"
    rules = activity([{"keep": keep, "after": "collected"}])

    due = compute_due(
        rules,
        record=RecordFacts(data_category="user.contact.email", collected=collected),
        subject=SubjectFacts(categories=frozenset({"customer"})),
    )

    total = collected.year * 12 + collected.month - 1 + years * 12 + months
    year, month = divmod(total, 12)
    assert due.on == date(year, month + 1, min(collected.day, last_day_of_month(year, month + 1)))
