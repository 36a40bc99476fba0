"""The daily job the worker runs: reminders, then removing what has served its purpose."""

from __future__ import annotations

import pytest
from django.core import mail

from persondata.rights.actions import assign_request
from persondata.rights.tasks import run_daily_rights_task
from persondata.rights.tests.factories import ACTOR, make_request, staff_user


def test_the_daily_task_reminds_and_reports_its_counts(customer):
    rights_request = make_request("access")
    assign_request(actor=ACTOR, rights_request=rights_request, user=staff_user())
    counts = run_daily_rights_task.call(day="2026-03-25")
    assert counts == {
        "day": "2026-03-25",
        "reminders": 1,
        "answers_purged": 0,
        "requests_pseudonymised": 0,
    }
    assert len(mail.outbox) == 1
    assert run_daily_rights_task.call(day="2026-03-25")["reminders"] == 0


def test_a_malformed_day_fails_before_anything_is_sent(customer):
    with pytest.raises(ValueError, match="day 'tomorrow' is not a date"):
        run_daily_rights_task.call(day="tomorrow")
    assert mail.outbox == []
