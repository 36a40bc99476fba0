"""Properties of eligibility over any sequence of actions on the register:
withdrawing never makes anyone eligible, and an objection is never
overridden by a later consent unless the person lifts it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persondata.consent import actions
from persondata.consent.eligibility import check_eligibility
from persondata.consent.errors import ConsentError
from persondata.consent.tests.factories import ACTOR, NOW, make_customer, make_subject

pytestmark = pytest.mark.usefixtures("declaration")

PURPOSES = st.sampled_from(["newsletter", "sms_offers", "phone_calls"])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("give"), PURPOSES),
        st.tuples(st.just("withdraw"), PURPOSES),
        st.tuples(st.just("object"), st.none()),
        st.tuples(st.just("lift"), st.none()),
        st.tuples(st.just("restrict"), st.none()),
        st.tuples(st.just("unrestrict"), st.none()),
    ),
    min_size=1,
    max_size=12,
)
CHANNELS = ("email", "sms", "phone")


class _Rollback(Exception):
    pass


def _apply(step: tuple[str, str | None], subject) -> None:
    kind, purpose = step
    try:
        if kind == "give" and purpose:
            actions.give_consent(actor=ACTOR, subject=subject, purpose=purpose, channel="web_form")
        elif kind == "withdraw" and purpose:
            actions.withdraw_consent(actor=ACTOR, subject=subject, purpose=purpose)
        elif kind == "object":
            actions.object_to_direct_marketing(actor=ACTOR, subject=subject)
        elif kind == "lift":
            actions.lift_objection(
                actor=ACTOR, subject=subject, statement="asked in writing", channel="paper"
            )
        elif kind == "restrict":
            actions.restrict_processing(actor=ACTOR, subject=subject)
        elif kind == "unrestrict":
            actions.lift_restriction(actor=ACTOR, subject=subject)
    except ConsentError:
        pass  # lifting what is not there, restricting twice: refused, nothing changes


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS, customer=st.booleans())
def test_withdrawals_and_objections_never_open_a_channel(steps, customer):
    try:
        with transaction.atomic():
            _run(steps, customer)
            raise _Rollback
    except _Rollback:
        pass


def _run(steps: list[tuple[str, str | None]], customer: bool) -> None:
    subject = make_subject(phone="+4520123456")
    if customer:
        make_customer(subject, channel="email")
    objected = False
    for day, step in enumerate(steps, start=1):
        with time_machine.travel(NOW + timedelta(days=day), tick=False):
            before = {channel: check_eligibility(subject, channel) for channel in CHANNELS}
            _apply(step, subject)
            after = {channel: check_eligibility(subject, channel) for channel in CHANNELS}
        if step[0] == "object":
            objected = True
        elif step[0] == "lift":
            objected = False
        for channel in CHANNELS:
            if step[0] == "withdraw":
                assert not (after[channel].eligible and not before[channel].eligible)
            if objected:
                assert not after[channel].eligible, (steps, channel, after[channel])
