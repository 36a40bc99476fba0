"""check_eligibility answers for one subject or address, with the reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from persondata.consent.actions import object_to_direct_marketing, withdraw_consent
from persondata.consent.decision import NOT_ELIGIBLE, Eligibility
from persondata.consent.eligibility import (
    NOT_A_PHONE,
    NOT_AN_EMAIL,
    check_eligibility,
    normalise_address,
)
from persondata.consent.models import Channel
from persondata.consent.tests.factories import ACTOR, DECLARATION_PATH, NOW, consent, make_subject
from persondata.policy.actions import apply_declaration

pytestmark = pytest.mark.usefixtures("declaration")


def test_a_consent_is_the_reason_with_purpose_version_and_day():
    subject = make_subject()
    consent(subject, at=datetime(2026, 1, 3, 9, tzinfo=UTC), channel=Channel.PAPER)
    expected = Eligibility(True, "consent newsletter v2 given 2026-01-03")
    assert check_eligibility(subject, "email") == expected
    assert check_eligibility("Jens@Example.DK ", "email") == expected


def test_a_withdrawn_consent_is_named():
    subject = make_subject()
    consent(subject)
    with time_machine.travel(NOW + timedelta(days=8), tick=False):
        withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
        answer = check_eligibility(subject, "email")
    assert answer == Eligibility(False, "consent newsletter v2 withdrawn 2026-03-10")


def test_a_consent_for_email_does_not_open_sms():
    subject = make_subject(phone="+4520123456")
    consent(subject)
    assert check_eligibility(subject, "sms") == NOT_ELIGIBLE
    consent(subject, "sms_offers")
    assert (
        check_eligibility("20 12 34 56", "sms").reason == "consent sms_offers v1 given 2026-03-02"
    )


def test_phone_calls_need_their_own_consent():
    subject = make_subject(phone="+4520123456")
    consent(subject)
    assert check_eligibility(subject, "phone") == NOT_ELIGIBLE
    consent(subject, "phone_calls")
    assert check_eligibility(subject, "phone").eligible


def test_a_registered_person_without_a_ground_is_simply_not_eligible():
    subject = make_subject()
    assert check_eligibility(subject, "email") == NOT_ELIGIBLE
    assert check_eligibility("jens@example.dk", "email") == NOT_ELIGIBLE


def test_an_address_that_is_not_registered_is_not_eligible():
    make_subject()
    assert check_eligibility("someone@else.dk", "email") == NOT_ELIGIBLE
    assert check_eligibility("+4540123456", "sms") == NOT_ELIGIBLE


def test_something_that_is_not_an_address_says_so():
    assert check_eligibility("no address", "email") == NOT_AN_EMAIL
    assert check_eligibility("12", "sms") == NOT_A_PHONE


def test_addresses_are_compared_in_their_normal_form():
    assert normalise_address("  Jens@Example.DK", "email") == "jens@example.dk"
    assert normalise_address("20 12 34 56", "sms") == "+4520123456"
    assert normalise_address("0045 20123456", "sms") == "+4520123456"
    assert normalise_address("+46 8 123 456 78", "sms") == "+46812345678"
    for bad in ("", "a@b", "@b.dk", "a@@b.dk", "a b@c.dk", "a\x00@b.dk", "\ud800@b.dk"):
        assert normalise_address(bad, "email") is None, bad


def test_phone_and_post_cannot_be_asked_by_address():
    with pytest.raises(ValueError, match="channel: 'post' has no address list"):
        check_eligibility("Vestergade 1", "post")


def test_an_unknown_channel_or_a_naive_time_is_refused():
    subject = make_subject()
    with pytest.raises(ValueError, match="channel: 'fax'"):
        check_eligibility(subject, "fax")
    with pytest.raises(ValueError, match=r"at: .* has no time zone"):
        check_eligibility(subject, "email", at=NOW.replace(tzinfo=None))


def test_a_household_phone_is_blocked_when_one_of_its_holders_objected():
    parent = make_subject(phone="+4520123456")
    child = make_subject(display_name="Ida Hansen", email="ida@example.dk", phone="+4520123456")
    consent(parent, "sms_offers")
    assert check_eligibility("+4520123456", "sms").eligible
    object_to_direct_marketing(actor=ACTOR, subject=child)
    assert check_eligibility("+4520123456", "sms") == Eligibility(False, "objected 2026-03-02")
    assert check_eligibility(parent, "sms").eligible


def test_nobody_is_eligible_before_a_declaration_is_applied(db):
    assert check_eligibility("jens@example.dk", "email") == NOT_ELIGIBLE


def test_a_new_declaration_changes_the_routes_at_once(tmp_path):
    subject = make_subject()
    consent(subject)
    assert check_eligibility(subject, "email").eligible
    text = DECLARATION_PATH.read_text(encoding="utf-8")
    changed = tmp_path / "no-newsletter-marketing.yaml"
    changed.write_text(text.replace("    marketing_channels: [email]\n", ""), encoding="utf-8")
    apply_declaration(path=changed, actor_label="test")
    assert check_eligibility(subject, "email") == NOT_ELIGIBLE
