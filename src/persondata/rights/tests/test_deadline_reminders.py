"""The assigned staff member is reminded 7 and 2 days before the deadline and on
the day; once per request and day, whatever how often the job runs."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from persondata.rights.actions import assign_request, extend_deadline
from persondata.rights.delivery import answer_request
from persondata.rights.execution import execute_request
from persondata.rights.models import ReminderSent
from persondata.rights.reminders import send_deadline_reminders
from persondata.rights.tests.factories import ACTOR, make_request, staff_user, verified_request

DUE = date(2026, 3, 27)  # a request received on 2 March under the demo's 25-day promise


@pytest.fixture
def assigned(customer):
    rights_request = make_request("access")
    assert rights_request.due_on == DUE
    return assign_request(actor=ACTOR, rights_request=rights_request, user=staff_user())


@pytest.mark.parametrize(
    ("today", "subject"),
    [
        (date(2026, 3, 20), "Request {number} is due in 7 days"),
        (date(2026, 3, 25), "Request {number} is due in 2 days"),
        (date(2026, 3, 27), "Request {number} is due today"),
    ],
)
def test_reminders_go_7_and_2_days_before_and_on_the_day(assigned, today, subject):
    assert send_deadline_reminders(today) == 1
    (reminder,) = mail.outbox
    assert reminder.subject == subject.format(number=assigned.pk)
    assert reminder.to == ["karen@nordlys-it.dk"]
    assert "2026-03-27" in reminder.body
    assert "Mette" not in reminder.body


@pytest.mark.parametrize("today", [date(2026, 3, 19), date(2026, 3, 24), date(2026, 3, 26)])
def test_no_reminder_on_other_days(assigned, today):
    assert send_deadline_reminders(today) == 0
    assert mail.outbox == []


def test_a_second_run_on_the_same_day_sends_nothing(assigned):
    assert send_deadline_reminders(date(2026, 3, 20)) == 1
    assert send_deadline_reminders(date(2026, 3, 20)) == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().days_left == 7


def test_an_extended_request_is_reminded_of_its_new_deadline(assigned):
    extend_deadline(actor=ACTOR, rights_request=assigned, months=1, reason="busy")
    mail.outbox.clear()
    assert send_deadline_reminders(date(2026, 3, 20)) == 0
    assert send_deadline_reminders(date(2026, 4, 27)) == 1  # 7 days before 4 May


def test_unassigned_and_answered_requests_get_no_reminder(customer):
    make_request("access")
    done = verified_request("restriction")
    assign_request(actor=ACTOR, rights_request=done, user=staff_user())
    execute_request(actor=ACTOR, rights_request=done)
    answer_request(actor=ACTOR, rights_request=done)
    mail.outbox.clear()
    assert send_deadline_reminders(DUE) == 0
    assert mail.outbox == []


def test_a_failed_mail_is_tried_again_on_the_next_run(assigned, settings):
    settings.EMAIL_BACKEND = "persondata.rights.tests.broken_mail.BrokenBackend"
    with pytest.raises(ConnectionError):
        send_deadline_reminders(date(2026, 3, 20))
    assert not ReminderSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_deadline_reminders(date(2026, 3, 20)) == 1
