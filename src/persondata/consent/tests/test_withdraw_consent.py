"""withdraw_consent ends a consent from now on and starts the retention trigger."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from persondata.audit.models import AuditEntry
from persondata.consent.actions import withdraw_consent
from persondata.consent.errors import ConsentError
from persondata.consent.models import Channel, ConsentEntry
from persondata.consent.tests.factories import (
    ACTOR,
    DECLARATION_PATH,
    NOW,
    consent,
    last_audit,
    make_subject,
)
from persondata.policy.actions import apply_declaration
from persondata.subjects.actions import add_record
from persondata.subjects.models import Event, PurposeLink

pytestmark = pytest.mark.usefixtures("declaration")


def test_the_withdrawal_repeats_the_version_and_text_of_the_consent_it_ends():
    subject = make_subject()
    given = consent(subject)
    entry = withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
    assert entry is not None
    assert (entry.given, entry.version, entry.text_da) == (False, 2, given.text_da)
    assert entry.at == NOW
    assert entry.channel == "staff"


def test_a_withdrawal_takes_effect_now_even_for_a_consent_signed_earlier():
    subject = make_subject()
    consent(subject, channel=Channel.PAPER, at=NOW - timedelta(days=30))
    entry = withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
    assert entry is not None
    assert entry.at == NOW


def test_a_withdrawal_received_earlier_is_dated_when_the_person_withdrew():
    subject = make_subject(categories=["newsletter_subscriber"])
    add_record(
        actor=ACTOR,
        subject=subject,
        data_category="user.contact.email",
        value="jens@example.dk",
        source="data_subject",
        activities=["newsletter"],
    )
    consent(subject, channel=Channel.PAPER, at=NOW - timedelta(days=30))
    letter = NOW - timedelta(days=10)
    entry = withdraw_consent(
        actor=ACTOR, subject=subject, purpose="newsletter", channel=Channel.PAPER, at=letter
    )
    assert entry is not None
    assert (entry.at, entry.recorded_at) == (letter, NOW)
    event = Event.objects.get(subject=subject, name="consent_withdrawn:newsletter")
    assert event.occurred_on == date(2026, 2, 20)
    assert PurposeLink.objects.get(activity="newsletter").due_on == date(2026, 2, 25)


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (NOW - timedelta(days=31), "is before the consent to 'newsletter' it ends"),
        (NOW + timedelta(minutes=1), "is in the future"),
        (datetime(2026, 2, 20, 9, 0), "with a time zone"),  # noqa: DTZ001
    ],
)
def test_a_withdrawal_dated_before_its_consent_or_in_the_future_is_refused(at, message):
    subject = make_subject()
    consent(subject, channel=Channel.PAPER, at=NOW - timedelta(days=30))
    before = AuditEntry.objects.count()
    with pytest.raises(ConsentError, match=message):
        withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter", at=at)
    assert ConsentEntry.objects.count() == 1
    assert not Event.objects.filter(name="consent_withdrawn:newsletter").exists()
    assert AuditEntry.objects.count() == before


def test_the_withdrawal_fires_the_event_and_the_newsletter_address_is_due_five_days_later():
    subject = make_subject(categories=["newsletter_subscriber"])
    add_record(
        actor=ACTOR,
        subject=subject,
        data_category="user.contact.email",
        value="jens@example.dk",
        source="data_subject",
        activities=["newsletter"],
    )
    consent(subject)
    link = PurposeLink.objects.get(activity="newsletter")
    assert link.due_on is None
    withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
    assert Event.objects.filter(subject=subject, name="consent_withdrawn:newsletter").exists()
    link.refresh_from_db()
    assert link.due_on == date(2026, 3, 7)


def test_consenting_again_before_the_due_date_keeps_the_address():
    subject = make_subject(categories=["newsletter_subscriber"])
    add_record(
        actor=ACTOR,
        subject=subject,
        data_category="user.contact.email",
        value="jens@example.dk",
        source="data_subject",
        activities=["newsletter"],
    )
    consent(subject)
    withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        consent(subject)
    assert PurposeLink.objects.get(activity="newsletter").due_on is None


def test_withdrawing_twice_writes_nothing_the_second_time():
    subject = make_subject()
    consent(subject)
    withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
    before = AuditEntry.objects.count()
    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        assert withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter") is None
    assert ConsentEntry.objects.count() == 2
    assert Event.objects.filter(name="consent_withdrawn:newsletter").count() == 1
    assert AuditEntry.objects.count() == before


def test_withdrawing_a_consent_never_given_writes_nothing():
    subject = make_subject()
    assert withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter") is None
    assert not ConsentEntry.objects.exists()


def test_the_audit_entry_names_the_channel_and_no_evidence_values():
    subject = make_subject()
    consent(subject)
    entry = withdraw_consent(
        actor=ACTOR,
        subject=subject,
        purpose="newsletter",
        channel=Channel.PHONE,
        evidence={"staff": "karen", "reference": "call 2026-03-02"},
    )
    audit = last_audit("consent.withdraw")
    assert entry is not None
    assert audit.object_id == str(entry.pk)
    assert audit.details["channel"] == "phone"
    assert audit.details["evidence"] == ["reference", "staff"]
    assert "karen" not in str(audit.details)


def test_an_unknown_purpose_is_refused():
    subject = make_subject()
    with pytest.raises(ConsentError, match="purpose: 'newsleter' is not a consent purpose"):
        withdraw_consent(actor=ACTOR, subject=subject, purpose="newsleter")


def test_a_purpose_the_declaration_dropped_can_still_be_withdrawn(tmp_path):
    subject = make_subject()
    consent(subject, purpose="phone_calls")
    text = DECLARATION_PATH.read_text(encoding="utf-8")
    start = text.index("  phone_calls:\n")
    end = text.index("  extended_retention:\n")
    text = text[:start] + text[end:]
    start = text.index("  phone_marketing:\n")
    end = text.index("  existing_customer_marketing:\n")
    changed = tmp_path / "changed.yaml"
    changed.write_text(text[:start] + text[end:], encoding="utf-8")
    apply_declaration(path=changed, actor_label="test")
    entry = withdraw_consent(actor=ACTOR, subject=subject, purpose="phone_calls")
    assert entry is not None
    assert entry.text_da == "I må ringe til mig med tilbud."
    assert not Event.objects.filter(name="consent_withdrawn:phone_calls").exists()


def test_bad_evidence_is_refused_and_changes_nothing():
    subject = make_subject()
    consent(subject)
    with pytest.raises(ConsentError, match=r"evidence\.ip: 'localhost' is not an IP address"):
        withdraw_consent(
            actor=ACTOR, subject=subject, purpose="newsletter", evidence={"ip": "localhost"}
        )
    assert ConsentEntry.objects.count() == 1
