"""Extending the deadline (Art. 12(3)): up to two further months, only with a
reason, only within the first month, and only together with the notice."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from persondata.rights.actions import extend_deadline
from persondata.rights.checks import RightsError
from persondata.rights.delivery import answer_request
from persondata.rights.execution import execute_request
from persondata.rights.models import RequestStep
from persondata.rights.tests.factories import ACTOR, EMAIL, make_request, verified_request

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _on(day: date):
    return time_machine.travel(datetime.combine(day, time(10), COPENHAGEN), tick=False)


def test_an_extension_without_reason_is_refused(customer):
    rights_request = make_request("access")
    for reason in ("", "   "):
        with pytest.raises(RightsError, match="reason: is required"):
            extend_deadline(actor=ACTOR, rights_request=rights_request, months=2, reason=reason)
    rights_request.refresh_from_db()
    assert rights_request.extended_until is None
    assert not RequestStep.objects.filter(kind=RequestStep.Kind.EXTENDED).exists()
    assert mail.outbox == []


def test_an_extension_after_the_first_month_is_refused(customer):
    # Received Monday 2 March 2026: the first month ends 7 April (Easter Monday is 6 April).
    rights_request = make_request("access")
    refused = pytest.raises(RightsError, match="the first month after receipt ended on 2026-04-07")
    with _on(date(2026, 4, 8)), refused:
        extend_deadline(
            actor=ACTOR, rights_request=rights_request, months=1, reason="many requests"
        )
    rights_request.refresh_from_db()
    assert rights_request.extended_until is None
    assert mail.outbox == []


def test_an_extension_on_the_last_day_of_the_first_month_is_allowed(customer):
    rights_request = make_request("access")
    with _on(date(2026, 4, 7)):
        extended = extend_deadline(
            actor=ACTOR, rights_request=rights_request, months=1, reason="many requests"
        )
    assert extended.extended_until == date(2026, 5, 4)  # 2 May is a Saturday


def test_an_extension_sends_the_notice_now_with_the_reason_and_the_new_date(customer):
    rights_request = make_request("access")
    extended = extend_deadline(
        actor=ACTOR,
        rights_request=rights_request,
        months=2,
        reason="Vi skal hente data fra tre systemer.",
    )
    assert extended.extended_until == date(2026, 6, 2)
    assert extended.due_on == date(2026, 3, 27)
    assert extended.deadline == date(2026, 6, 2)
    (notice,) = mail.outbox
    assert notice.to == [EMAIL]
    assert "Vi skal hente data fra tre systemer." in notice.body
    assert "2. juni 2026" in notice.body
    step = RequestStep.objects.get(kind=RequestStep.Kind.EXTENDED)
    assert step.text == "Vi skal hente data fra tre systemer."
    assert step.detail["notice"] == "email"
    assert step.detail["notice_sent_at"].startswith("2026-03-02T09:00")
    assert step.detail["until"] == "2026-06-02"


def test_a_notice_that_cannot_be_sent_undoes_the_extension(customer, settings):
    settings.EMAIL_BACKEND = "persondata.rights.tests.broken_mail.BrokenBackend"
    rights_request = make_request("access")
    with pytest.raises(ConnectionError):
        extend_deadline(actor=ACTOR, rights_request=rights_request, months=1, reason="busy")
    rights_request.refresh_from_db()
    assert rights_request.extended_until is None
    assert not RequestStep.objects.filter(kind=RequestStep.Kind.EXTENDED).exists()


@pytest.mark.parametrize("months", [0, 3, -1])
def test_an_extension_is_one_or_two_months(customer, months):
    rights_request = make_request("access")
    with pytest.raises(RightsError, match="months: an extension is 1 or 2 further months"):
        extend_deadline(actor=ACTOR, rights_request=rights_request, months=months, reason="x")


def test_one_month_may_become_two_but_not_the_other_way(customer):
    rights_request = make_request("access")
    extend_deadline(actor=ACTOR, rights_request=rights_request, months=1, reason="busy")
    with pytest.raises(RightsError, match="is already extended until 2026-05-04"):
        extend_deadline(actor=ACTOR, rights_request=rights_request, months=1, reason="busy")
    longer = extend_deadline(actor=ACTOR, rights_request=rights_request, months=2, reason="busier")
    assert longer.extended_until == date(2026, 6, 2)


def test_a_phone_request_without_address_is_extended_with_a_letter(customer):
    rights_request = make_request("access", channel="phone", claimed_email="")
    with pytest.raises(RightsError, match="has no e-mail address for the notice"):
        extend_deadline(actor=ACTOR, rights_request=rights_request, months=1, reason="busy")
    extended = extend_deadline(
        actor=ACTOR, rights_request=rights_request, months=1, reason="busy", notice="post"
    )
    assert extended.extended_until == date(2026, 5, 4)
    assert mail.outbox == []


def test_an_answered_request_is_not_extended(customer):
    rights_request = verified_request("restriction")
    execute_request(actor=ACTOR, rights_request=rights_request)
    answer_request(actor=ACTOR, rights_request=rights_request)
    with pytest.raises(RightsError, match="only an open request can be extended"):
        extend_deadline(actor=ACTOR, rights_request=rights_request, months=1, reason="busy")
