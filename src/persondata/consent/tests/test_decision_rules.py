"""The pure eligibility rules (consent/decision.py), exhaustively and as properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.consent.decision import (
    CUSTOMER_EXCEPTION_REASON,
    NOT_ELIGIBLE,
    RESTRICTED,
    ChannelRoutes,
    ConsentState,
    Eligibility,
    MarketingFacts,
    check_channel,
    combine,
    decide,
)

EMAIL = ChannelRoutes("email", ("newsletter", "competition"), ("existing_customer_marketing",))
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
STATES = st.builds(ConsentState, given=st.booleans(), version=st.integers(1, 5), on=DAYS)
FACTS = st.builds(
    MarketingFacts,
    restricted=st.booleans(),
    objected_on=st.none() | DAYS,
    consents=st.dictionaries(st.sampled_from(["newsletter", "competition", "other"]), STATES),
    customer=st.booleans(),
    sale_address=st.booleans(),
)


def test_a_given_consent_is_the_reason_with_its_version_and_day():
    facts = MarketingFacts(consents={"newsletter": ConsentState(True, 2, date(2026, 1, 3))})
    assert decide(facts, EMAIL) == Eligibility(True, "consent newsletter v2 given 2026-01-03")


def test_a_withdrawn_consent_is_the_reason_it_is_not_allowed():
    facts = MarketingFacts(consents={"newsletter": ConsentState(False, 2, date(2026, 1, 10))})
    assert decide(facts, EMAIL) == Eligibility(False, "consent newsletter v2 withdrawn 2026-01-10")


def test_the_latest_withdrawal_is_named_when_several_were_withdrawn():
    facts = MarketingFacts(
        consents={
            "newsletter": ConsentState(False, 2, date(2026, 1, 10)),
            "competition": ConsentState(False, 1, date(2026, 2, 1)),
        }
    )
    assert decide(facts, EMAIL).reason == "consent competition v1 withdrawn 2026-02-01"


def test_another_purpose_still_given_wins_over_a_withdrawal():
    facts = MarketingFacts(
        consents={
            "newsletter": ConsentState(False, 2, date(2026, 1, 10)),
            "competition": ConsentState(True, 1, date(2025, 6, 1)),
        }
    )
    assert decide(facts, EMAIL) == Eligibility(True, "consent competition v1 given 2025-06-01")


def test_an_objection_is_named_with_its_day():
    facts = MarketingFacts(objected_on=date(2026, 2, 1))
    assert decide(facts, EMAIL) == Eligibility(False, "objected 2026-02-01")


def test_a_restriction_comes_before_everything():
    facts = MarketingFacts(
        restricted=True,
        objected_on=date(2026, 2, 1),
        consents={"newsletter": ConsentState(True, 2, date(2026, 1, 3))},
    )
    assert decide(facts, EMAIL) == RESTRICTED


def test_the_exception_needs_a_customer_and_an_address_from_a_sale():
    assert decide(MarketingFacts(customer=True, sale_address=True), EMAIL) == Eligibility(
        True, CUSTOMER_EXCEPTION_REASON
    )
    assert decide(MarketingFacts(customer=True), EMAIL) == NOT_ELIGIBLE
    assert decide(MarketingFacts(sale_address=True), EMAIL) == NOT_ELIGIBLE


def test_the_exception_counts_only_where_the_channel_has_an_exception_activity():
    sms_without = ChannelRoutes("sms", ("sms_offers",), ())
    assert decide(MarketingFacts(customer=True, sale_address=True), sms_without) == NOT_ELIGIBLE


def test_a_withdrawal_on_the_channel_ends_the_exception():
    facts = MarketingFacts(
        customer=True,
        sale_address=True,
        consents={"newsletter": ConsentState(False, 2, date(2026, 1, 10))},
    )
    assert not decide(facts, EMAIL).eligible


def test_consents_for_purposes_of_other_channels_do_not_count():
    facts = MarketingFacts(consents={"other": ConsentState(True, 1, date(2026, 1, 3))})
    assert decide(facts, EMAIL) == NOT_ELIGIBLE


def test_nobody_without_a_ground_gets_more_than_not_eligible():
    assert decide(MarketingFacts(), EMAIL) == NOT_ELIGIBLE


@pytest.mark.parametrize("channel", ["fax", "", "EMAIL"])
def test_an_unknown_channel_is_refused_by_name(channel):
    with pytest.raises(ValueError, match=f"channel: '{channel}' is not a marketing channel"):
        check_channel(channel)


@given(facts=FACTS, purpose=st.sampled_from(["newsletter", "competition"]), day=DAYS)
def test_withdrawing_never_makes_anyone_eligible(facts, purpose, day):
    before = decide(facts, EMAIL)
    version = facts.consents[purpose].version if purpose in facts.consents else 1
    facts.consents[purpose] = ConsentState(False, version, day)
    after = decide(facts, EMAIL)
    assert not (after.eligible and not before.eligible)


@given(facts=FACTS, purpose=st.sampled_from(["newsletter", "competition", "other"]), day=DAYS)
def test_an_objection_is_never_overridden_by_a_consent(facts, purpose, day):
    facts.objected_on = day
    facts.consents[purpose] = ConsentState(True, 3, day)
    assert not decide(facts, EMAIL).eligible


@given(facts=FACTS)
def test_a_restricted_subject_is_never_eligible(facts):
    facts.restricted = True
    assert decide(facts, EMAIL) == RESTRICTED


@given(facts=FACTS)
def test_every_answer_has_a_reason_and_only_grounds_make_someone_eligible(facts):
    answer = decide(facts, EMAIL)
    assert answer.reason
    if answer.eligible:
        assert answer.reason.startswith("consent ") or answer.reason == CUSTOMER_EXCEPTION_REASON


@given(answers=st.lists(st.builds(decide, FACTS, st.just(EMAIL)), min_size=1, max_size=4))
def test_a_shared_address_is_blocked_when_anyone_holding_it_objected_or_is_restricted(answers):
    combined = combine(answers)
    assert combined in answers or combined == NOT_ELIGIBLE
    if any(answer.blocks for answer in answers):
        assert not combined.eligible
    elif any(answer.eligible for answer in answers):
        assert combined.eligible
    else:
        assert not combined.eligible


@given(answers=st.lists(st.builds(decide, FACTS, st.just(EMAIL)), min_size=1, max_size=5))
def test_combining_in_turns_gives_the_same_answer_as_combining_all(answers):
    folded = answers[0]
    for answer in answers[1:]:
        folded = combine([folded, answer])
    assert folded == combine(answers)
