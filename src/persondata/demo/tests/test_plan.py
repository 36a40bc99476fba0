"""The demo plan follows the declaration: valid links, past dates, every activity, one seed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persondata.consent.actions import clean_evidence
from persondata.demo.plan import CONTACT_PERSON, plan_demo_register, subject_weights
from persondata.demo.tests.declarations import load
from persondata.policy.taxonomy import is_known_event, is_within_category, split_event
from persondata.subjects import validation

TODAY = date(2026, 3, 2)
DECLARATIONS = ["demo", "reference"]


@pytest.mark.parametrize("name", DECLARATIONS)
def test_the_same_seed_gives_the_same_plan(name):
    declaration = load(name)
    first = plan_demo_register(declaration, count=80, seed=11, today=TODAY)
    again = plan_demo_register(declaration, count=80, seed=11, today=TODAY)
    assert first == again


@pytest.mark.parametrize("name", DECLARATIONS)
def test_another_seed_gives_other_people(name):
    declaration = load(name)
    first = plan_demo_register(declaration, count=20, seed=1, today=TODAY)
    other = plan_demo_register(declaration, count=20, seed=2, today=TODAY)
    assert [s.person.name for s in first.subjects] != [s.person.name for s in other.subjects]


@pytest.mark.parametrize("name", DECLARATIONS)
def test_every_activity_gets_records(name):
    declaration = load(name)
    plan = plan_demo_register(declaration, count=300, seed=2026, today=TODAY)
    assert plan.activities_with_records == set(declaration.activities)


@pytest.mark.parametrize("name", DECLARATIONS)
def test_subjects_are_spread_over_every_subject_category_the_activities_name(name):
    declaration = load(name)
    plan = plan_demo_register(declaration, count=300, seed=2026, today=TODAY)
    assert {s.category for s in plan.subjects} == set(subject_weights(declaration))
    assert len(plan.subjects) == 300


@pytest.mark.parametrize("name", DECLARATIONS)
def test_a_plan_has_relationships_ended_consents_withdrawn_and_legal_holds(name):
    declaration = load(name)
    plan = plan_demo_register(declaration, count=300, seed=2026, today=TODAY)
    consents = [consent for s in plan.subjects for consent in s.consents]
    assert any(s.relationship and s.relationship[1] for s in plan.subjects)
    assert any(consent.withdrawn_at is None for consent in consents)
    assert any(consent.withdrawn_at is not None for consent in consents)
    assert {consent.channel for consent in consents} == {"web_form", "paper", "phone"}
    assert sum(1 for s in plan.subjects if s.hold) == 2
    if CONTACT_PERSON in subject_weights(declaration):
        assert any(s.contact and s.contact.employment_ended for s in plan.subjects)


def test_no_subjects_is_an_empty_plan():
    plan = plan_demo_register(load("reference"), count=0, seed=1, today=TODAY)
    assert (plan.subjects, plan.organisations) == ([], [])


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="count: -1"):
        plan_demo_register(load("reference"), count=-1, seed=1, today=TODAY)


@given(
    name=st.sampled_from(DECLARATIONS),
    seed=st.integers(min_value=0, max_value=2**32),
    count=st.integers(min_value=1, max_value=40),
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_planned_row_is_one_the_register_allows(name, seed, count):
    declaration = load(name)
    plan = plan_demo_register(declaration, count=count, seed=seed, today=TODAY)
    now = datetime.combine(TODAY, datetime.min.time(), UTC)
    for subject in plan.subjects:
        given = {consent.purpose for consent in subject.consents}
        assert len(given) == len(subject.consents)
        for consent in subject.consents:
            assert consent.purpose in declaration.consent_purposes
            assert consent.given_at < now
            assert consent.withdrawn_at is None or consent.given_at < consent.withdrawn_at < now
            assert (consent.withdrawn_at is None) == (consent.withdrawal_channel is None)
            clean_evidence(dict(consent.evidence))
            clean_evidence(dict(consent.withdrawal_evidence))
        for name_of_event, day in subject.events:
            assert is_known_event(name_of_event, declaration)
            base = split_event(name_of_event)[0]
            assert base not in ("relationship_ended", "employment_ended")
            assert base not in ("consent_given", "consent_withdrawn")
            assert day < TODAY
        if subject.relationship:
            started, ended = subject.relationship
            assert started < TODAY and (ended is None or started <= ended < TODAY)
        for record in subject.records:
            assert record.collected < now
            validation.normalise_record_value(
                record.value, data_category=record.data_category, today=TODAY, field="value"
            )
            for key in record.activities:
                activity = declaration.activities[key]
                assert subject.category in activity.subjects
                assert any(
                    is_within_category(record.data_category, d, declaration) for d in activity.data
                )
                assert activity.consent is None or activity.consent in given
