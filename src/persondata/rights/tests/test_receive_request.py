"""Receiving a request stores its deadline and its first step; bad input changes nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from persondata.audit.models import AuditEntry
from persondata.rights.actions import receive_request
from persondata.rights.checks import RightsError
from persondata.rights.models import RequestStep, RightsRequest
from persondata.rights.tests.factories import ACTOR, EMAIL, make_request


def test_the_deadline_is_the_controllers_promise_when_it_is_earlier(demo):
    # The demo promises 25 days: 2026-03-27 (a Friday), before the legal 2026-04-07.
    rights_request = make_request("access")
    assert rights_request.due_on == date(2026, 3, 27)
    assert rights_request.deadline == date(2026, 3, 27)
    assert rights_request.extended_until is None
    assert rights_request.status == RightsRequest.Status.RECEIVED


def test_a_letter_is_due_from_the_day_it_arrived(demo):
    rights_request = make_request(
        "erasure", channel="letter", received_at=datetime(2026, 2, 16, 8, tzinfo=UTC)
    )
    # 16 Feb + 25 days = 13 March (Friday); the legal deadline would be 16 March.
    assert rights_request.due_on == date(2026, 3, 13)


def test_the_received_step_and_the_audit_entry_hold_no_personal_data(demo):
    rights_request = make_request("access", message="Jeg vil se mine data, Mette Holm")
    step = RequestStep.objects.get(request=rights_request)
    assert step.kind == RequestStep.Kind.RECEIVED
    assert step.detail == {"channel": "web", "due_on": "2026-03-27"}
    entry = AuditEntry.objects.get(action="rights.receive")
    assert entry.object_id == str(rights_request.pk)
    assert entry.subject_ref == ""
    text = str(entry.details)
    assert "Mette" not in text
    assert EMAIL not in text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "complaint"}, "kind: 'complaint' is not one of"),
        ({"channel": "pigeon"}, "channel: 'pigeon' is not one of"),
        ({"language": "de"}, "language: 'de' is not one of da, en"),
        ({"claimed_email": "not an address"}, "claimed_email: 'not an address' is not an e-mail"),
        ({"claimed_email": ""}, "claimed_email: is required"),
        ({"claimed_name": "x" * 201}, "claimed_name: is 201 characters long; the most is 200"),
        ({"message": "my card is 4111 1111 1111 1111"}, "message:"),
        (
            {"received_at": datetime.fromisoformat("2026-03-01T12:00")},
            "received_at: give a time with a time zone",
        ),
        ({"received_at": datetime(2026, 3, 9, 12, tzinfo=UTC)}, "is in the future"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(demo, fields, message):
    before = AuditEntry.objects.count()
    values = {"kind": "access", **fields}
    with pytest.raises(RightsError, match=re.escape(message)):
        make_request(**values)
    assert RightsRequest.objects.count() == 0
    assert RequestStep.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_staff_may_record_a_phone_request_without_an_address(demo):
    rights_request = receive_request(
        actor=ACTOR, kind="erasure", channel="phone", claimed_name="Mette Holm"
    )
    assert rights_request.claimed_email == ""
    assert rights_request.channel == "phone"


def test_the_address_is_stored_in_its_normal_form(demo):
    rights_request = make_request("access", claimed_email="  Mette.Holm@Example.DK ")
    assert rights_request.claimed_email == EMAIL
