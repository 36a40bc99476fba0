"""An objection to direct marketing is absolute and immediate (GDPR Art. 21(3))
and ends only when the person explicitly asks."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from persondata.audit.models import AuditEntry
from persondata.consent.actions import lift_objection, object_to_direct_marketing
from persondata.consent.decision import Eligibility
from persondata.consent.eligibility import check_eligibility
from persondata.consent.errors import ConsentError
from persondata.consent.models import Channel, MarketingObjection
from persondata.consent.tests.factories import ACTOR, NOW, consent, last_audit, make_subject

pytestmark = pytest.mark.usefixtures("declaration")


def test_an_objection_stops_marketing_on_every_channel_at_once():
    subject = make_subject(phone="+4520123456")
    consent(subject, "newsletter")
    consent(subject, "sms_offers")
    consent(subject, "phone_calls")
    object_to_direct_marketing(actor=ACTOR, subject=subject, source=Channel.PHONE)
    for channel in ("email", "sms", "phone", "post"):
        assert check_eligibility(subject, channel) == Eligibility(False, "objected 2026-03-02")


def test_a_later_consent_does_not_override_the_objection():
    subject = make_subject()
    object_to_direct_marketing(actor=ACTOR, subject=subject)
    with time_machine.travel(NOW + timedelta(days=10), tick=False):
        consent(subject)
        assert check_eligibility(subject, "email").reason == "objected 2026-03-02"


def test_objecting_again_returns_the_objection_in_force_and_writes_nothing():
    subject = make_subject()
    first = object_to_direct_marketing(actor=ACTOR, subject=subject)
    before = AuditEntry.objects.count()
    assert object_to_direct_marketing(actor=ACTOR, subject=subject).pk == first.pk
    assert MarketingObjection.objects.count() == 1
    assert AuditEntry.objects.count() == before


def test_the_objection_covers_all_channels_and_is_audited_without_the_reference():
    subject = make_subject()
    objection = object_to_direct_marketing(
        actor=ACTOR, subject=subject, source=Channel.PAPER, reference="letter from Jens Hansen"
    )
    assert objection.channel == "all"
    audit = last_audit("consent.object")
    assert audit.details == {"source": "paper", "channels": "all"}
    assert "Jens" not in str(audit.details)


def test_lifting_needs_the_persons_own_statement():
    subject = make_subject()
    object_to_direct_marketing(actor=ACTOR, subject=subject)
    with pytest.raises(ConsentError, match="statement: an objection ends only when the person"):
        lift_objection(actor=ACTOR, subject=subject, statement="  ", channel=Channel.STAFF)
    assert MarketingObjection.objects.get().lifted_at is None


def test_after_the_person_lifts_it_a_consent_counts_again():
    subject = make_subject()
    consent(subject)
    object_to_direct_marketing(actor=ACTOR, subject=subject)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        objection = lift_objection(
            actor=ACTOR,
            subject=subject,
            statement="wrote on 2026-03-03: please send me the newsletter again",
            channel=Channel.PAPER,
        )
        assert objection.lift_statement.startswith("wrote on 2026-03-03")
        assert check_eligibility(subject, "email").eligible
    assert last_audit("consent.lift_objection").details == {"channel": "paper"}


def test_lifting_without_an_objection_is_refused():
    subject = make_subject()
    with pytest.raises(ConsentError, match="has no objection to direct marketing"):
        lift_objection(actor=ACTOR, subject=subject, statement="yes", channel=Channel.STAFF)


def test_an_unknown_source_is_refused():
    subject = make_subject()
    with pytest.raises(ConsentError, match="source: 'carrier pigeon' is not a channel"):
        object_to_direct_marketing(actor=ACTOR, subject=subject, source="carrier pigeon")
    assert not MarketingObjection.objects.exists()
