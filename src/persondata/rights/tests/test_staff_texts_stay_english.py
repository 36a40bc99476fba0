"""The rights models' labels are Danish on Danish pages, but what is stored in
the audit trail and the staff's deadline reminders stay English whatever
language is active."""

from __future__ import annotations

from datetime import date

from django.core import mail
from django.utils import translation

from persondata.audit.models import AuditEntry
from persondata.rights.actions import assign_request
from persondata.rights.execution import execute_request
from persondata.rights.models import RightsRequest
from persondata.rights.reminders import send_deadline_reminders
from persondata.rights.tests.factories import (
    ACTOR,
    make_customer,
    make_request,
    staff_user,
    verified_request,
)


def test_the_labels_follow_the_active_language():
    with translation.override("da"):
        assert str(RightsRequest.Kind.ERASURE.label) == "sletning (art. 17)"
        assert str(RightsRequest.Status.VERIFIED.label) == "identitet bekræftet"
    with translation.override("en"):
        assert str(RightsRequest.Kind.ERASURE.label) == "erasure (Art. 17)"


def test_the_audit_trail_names_the_access_request_in_english(demo):
    make_customer(cpr="211062-5629")  # a CPR number: reading it is audited with the purpose
    rights_request = verified_request("access")
    with translation.override("da"):
        execute_request(actor=ACTOR, rights_request=rights_request)
    purposes = {
        entry.details.get("purpose")
        for entry in AuditEntry.objects.filter(action="record.read_sensitive")
    }
    assert f"access (Art. 15) request {rights_request.pk}" in purposes


def test_a_reminder_is_english_on_a_danish_system(customer):
    rights_request = make_request("access")
    assign_request(actor=ACTOR, rights_request=rights_request, user=staff_user())
    with translation.override("da"):
        assert send_deadline_reminders(date(2026, 3, 20)) == 1
    (reminder,) = mail.outbox
    assert "(access (Art. 15))" in reminder.body
    assert "Status: received." in reminder.body
