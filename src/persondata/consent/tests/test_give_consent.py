"""give_consent appends a ledger entry with the text shown, fires the event and audits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from persondata.audit.models import AuditEntry
from persondata.consent.actions import give_consent, withdraw_consent
from persondata.consent.errors import ConsentError
from persondata.consent.models import Channel, ConsentEntry
from persondata.consent.tests.factories import (
    ACTOR,
    EVIDENCE,
    NOW,
    consent,
    last_audit,
    make_subject,
)
from persondata.subjects.models import Event

pytestmark = pytest.mark.usefixtures("declaration")


def test_the_entry_keeps_the_version_and_both_texts_shown():
    subject = make_subject()
    entry = consent(subject)
    assert entry.given is True
    assert entry.version == 2
    assert entry.text_da.startswith("Ja tak, send mig nyhedsbrevet")
    assert entry.text_en.startswith("Yes, send me the newsletter")
    assert entry.at == NOW
    assert entry.channel == "web_form"


def test_the_ip_address_and_user_agent_are_kept_apart_from_the_other_evidence():
    entry = consent(make_subject())
    assert entry.ip == "192.0.2.10"
    assert entry.user_agent == "Firefox/140"
    assert entry.evidence == {"form": "signup"}


def test_consent_fires_the_consent_given_event_for_retention():
    subject = make_subject()
    consent(subject)
    event = Event.objects.get(subject=subject)
    assert event.name == "consent_given:newsletter"
    assert event.occurred_on.isoformat() == "2026-03-02"
    assert last_audit("event.record").details == {
        "name": "consent_given:newsletter",
        "occurred_on": "2026-03-02",
    }


def test_the_audit_entry_names_the_purpose_but_no_evidence_values():
    subject = make_subject()
    entry = consent(subject)
    audit = last_audit("consent.give")
    assert audit.object_id == str(entry.pk)
    assert audit.details["purpose"] == "newsletter"
    assert audit.details["evidence"] == ["form", "ip", "user_agent"]
    assert "192.0.2.10" not in str(audit.details)
    assert "jens@example.dk" not in str(audit.details)


def test_consenting_again_to_the_same_version_writes_nothing():
    subject = make_subject()
    first = consent(subject)
    before = AuditEntry.objects.count()
    assert consent(subject).pk == first.pk
    assert ConsentEntry.objects.count() == 1
    assert AuditEntry.objects.count() == before


def test_a_paper_consent_may_be_dated_when_it_was_signed():
    subject = make_subject()
    signed = NOW - timedelta(days=20)
    entry = consent(subject, channel=Channel.PAPER, evidence={"reference": "form 17"}, at=signed)
    assert entry.at == signed
    assert entry.recorded_at == NOW
    assert Event.objects.get(subject=subject).occurred_on.isoformat() == "2026-02-10"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"purpose": "newsleter"}, "purpose: 'newsleter' is not a consent purpose"),
        ({"channel": "fax"}, "channel: 'fax' is not a channel"),
        ({"evidence": {"name": "Jens"}}, "evidence.name: is not a kind of evidence"),
        ({"evidence": {"ip": "300.1.1.1"}}, "evidence.ip: '300.1.1.1' is not an IP address"),
        (
            {"evidence": {"reference": "card 4111 1111 1111 1111"}},
            "evidence.reference: holds a full card number",
        ),
        ({"at": NOW.replace(tzinfo=None)}, "at: give a date and time with a time zone"),
        ({"at": NOW + timedelta(minutes=1)}, "is in the future"),
        ({"actor": " "}, "actor: say who records this"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(fields, message):
    subject = make_subject()
    before = AuditEntry.objects.count()
    values = {
        "actor": ACTOR,
        "subject": subject,
        "purpose": "newsletter",
        "channel": Channel.WEB_FORM,
        "evidence": EVIDENCE,
        **fields,
    }
    with pytest.raises(ConsentError, match=message.replace("(", r"\(")):
        give_consent(**values)
    assert ConsentEntry.objects.count() == 0
    assert not Event.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_consent_cannot_be_dated_before_the_latest_entry_for_the_purpose():
    subject = make_subject()
    consent(subject, at=NOW - timedelta(days=1))
    withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
    with pytest.raises(ConsentError, match="before the latest entry for 'newsletter'"):
        consent(subject, at=NOW - timedelta(hours=1))
    assert ConsentEntry.objects.count() == 2
