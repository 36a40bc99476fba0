"""persondata consent proof|revoke-links"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from persondata.consent.actions import withdraw_consent
from persondata.consent.models import Channel, UnsubscribeGeneration
from persondata.consent.tests.factories import ACTOR, NOW, consent, last_audit, make_subject

pytestmark = pytest.mark.usefixtures("declaration")


def _run(*args: str) -> str:
    out = StringIO()
    call_command("consent", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def history():
    subject = make_subject(phone="+4520123456")
    consent(
        subject,
        channel=Channel.PAPER,
        evidence={"reference": "form 17", "staff": "karen"},
        at=datetime(2026, 1, 3, 9, 30, tzinfo=UTC),
    )
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        withdraw_consent(
            actor=ACTOR,
            subject=subject,
            purpose="newsletter",
            channel=Channel.EMAIL_LINK,
            evidence={"form": "one-click", "ip": "198.51.100.7"},
        )
    return subject


def test_the_proof_shows_every_entry_with_its_evidence_and_the_texts(history):
    text = _run("proof", "jens@example.dk", "newsletter")
    assert f"subject:    {history.key}" in text
    assert "purpose:    newsletter (declared version 2)" in text
    assert "status:     withdrawn (since 2026-03-03 10:00:00+01:00)" in text
    assert "2026-01-03 10:30:00+01:00  given      version 2  via paper" in text
    assert "evidence: reference=form 17, staff=karen; recorded by staff:karen" in text
    assert "withdrawn  version 2  via e-mail link" in text
    assert "evidence: form=one-click, ip=198.51.100.7" in text
    assert "da: Ja tak, send mig nyhedsbrevet med tilbud og nyheder." in text
    assert "en: Yes, send me the newsletter with offers and news." in text


def test_the_subject_may_be_named_by_key_or_phone_number(history):
    by_key = _run("proof", str(history.key), "newsletter")
    by_phone = _run("proof", "20 12 34 56", "newsletter")
    assert by_key == by_phone == _run("proof", "jens@example.dk", "newsletter")


def test_the_json_proof_lists_entries_and_texts(history):
    [proof] = json.loads(_run("proof", "jens@example.dk", "newsletter", "--json"))
    assert proof["active"] is False
    assert [entry["given"] for entry in proof["entries"]] == [True, False]
    assert proof["entries"][1]["evidence"] == {"form": "one-click", "ip": "198.51.100.7"}
    assert proof["texts"][0]["version"] == 2


def test_without_a_purpose_every_purpose_in_the_ledger_is_shown(history):
    consent(history, "sms_offers")
    proofs = json.loads(_run("proof", "jens@example.dk", "--json"))
    assert [proof["purpose"] for proof in proofs] == ["newsletter", "sms_offers"]


def test_reading_a_proof_is_audited_without_personal_data(history):
    _run("proof", "jens@example.dk", "newsletter", "--actor", "auditor:lene")
    audit = last_audit("consent.proof")
    assert audit.actor == "auditor:lene"
    assert audit.details == {"purposes": ["newsletter"], "entries": 2}


def test_a_purpose_never_given_is_an_empty_history():
    make_subject()
    text = _run("proof", "jens@example.dk", "sms_offers")
    assert "status:     never given" in text
    assert "(no entries)" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody@example.dk", "newsletter"), "subject: no subject has 'nobody@example.dk'"),
        (("jens@example.dk", "weekly"), "purpose: 'weekly' is not a consent purpose"),
        (("not-a-thing", "newsletter"), "is not a subject key, e-mail address or phone number"),
    ],
)
def test_unknown_subjects_and_purposes_are_errors(args, message):
    make_subject()
    with pytest.raises(CommandError, match=message):
        _run("proof", *args)


def test_a_shared_phone_number_asks_for_the_email_or_key():
    make_subject(phone="+4520123456")
    make_subject(display_name="Ida", email="ida@example.dk", phone="+4520123456")
    with pytest.raises(CommandError, match="several subjects have the phone number"):
        _run("proof", "+4520123456", "newsletter")


def test_revoke_links_raises_the_generation(history):
    output = _run("revoke-links", "jens@example.dk", "newsletter")
    assert "new links use generation 1" in output
    assert UnsubscribeGeneration.objects.get(subject=history).generation == 1
    assert last_audit("consent.revoke_links").details == {"purpose": "newsletter", "generation": 1}
    with pytest.raises(CommandError, match="purpose: 'weekly' is not a consent purpose"):
        _run("revoke-links", "jens@example.dk", "weekly")
