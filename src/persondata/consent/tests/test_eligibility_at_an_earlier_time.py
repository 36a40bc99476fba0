"""Eligibility as of an earlier time (``at``): was a past campaign allowed?"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from persondata.consent.actions import (
    lift_objection,
    lift_restriction,
    object_to_direct_marketing,
    restrict_processing,
    withdraw_consent,
)
from persondata.consent.decision import NOT_ELIGIBLE, RESTRICTED
from persondata.consent.eligibility import check_eligibility, check_many
from persondata.consent.models import Channel
from persondata.consent.tests.factories import ACTOR, NOW, consent, make_subject

pytestmark = pytest.mark.usefixtures("declaration")

DAY = timedelta(days=1)


def test_a_consent_counts_only_from_when_it_was_given():
    subject = make_subject()
    consent(subject)
    assert check_eligibility(subject, "email", at=NOW - DAY) == NOT_ELIGIBLE
    assert check_eligibility(subject, "email", at=NOW).eligible


def test_a_consent_counted_until_it_was_withdrawn():
    subject = make_subject()
    consent(subject)
    with time_machine.travel(NOW + 5 * DAY, tick=False):
        withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
        assert check_eligibility(subject, "email", at=NOW + 2 * DAY).eligible
        assert not check_eligibility(subject, "email").eligible


def test_a_lifted_objection_still_blocked_while_it_was_in_force():
    subject = make_subject()
    consent(subject)
    object_to_direct_marketing(actor=ACTOR, subject=subject)
    with time_machine.travel(NOW + 5 * DAY, tick=False):
        lift_objection(actor=ACTOR, subject=subject, statement="asked by phone", channel="phone")
        assert check_eligibility(subject, "email", at=NOW + DAY).reason == "objected 2026-03-02"
        assert check_eligibility(subject, "email").eligible


def test_a_lifted_restriction_still_blocked_while_it_was_in_force():
    subject = make_subject()
    consent(subject, channel=Channel.PAPER, at=NOW - 10 * DAY)
    restrict_processing(actor=ACTOR, subject=subject)
    with time_machine.travel(NOW + 5 * DAY, tick=False):
        lift_restriction(actor=ACTOR, subject=subject)
        assert check_eligibility(subject, "email", at=NOW + DAY) == RESTRICTED
        assert check_eligibility(subject, "email", at=NOW - DAY).eligible
        assert next(check_many(["jens@example.dk"], "email", at=NOW + DAY)) == RESTRICTED
