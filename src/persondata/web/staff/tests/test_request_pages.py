"""Rights requests for staff: the queue by days left, and every step from the
request's page with its history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings

from persondata.rights.actions import receive_request
from persondata.rights.models import RightsRequest
from persondata.subjects.actions import lift_legal_hold
from persondata.web.tests.world import make_world

pytestmark = pytest.mark.django_db


def test_the_queue_and_dashboard_highlight_overdue_requests(client_as, staff_member):
    with time_machine.travel(datetime(2026, 1, 5, 9, tzinfo=UTC), tick=False):
        make_world()
        old = receive_request(actor="test", kind="erasure", channel="letter", claimed_name="Old")
    with time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=UTC), tick=False):
        client = client_as(staff_member)
        queue = client.get("/staff/anmodninger/").content.decode()
        assert f'<tr class="overdue"><td><a href="/staff/anmodninger/{old.pk}/">' in queue
        dashboard = client.get("/staff/").content.decode()
        assert f"/staff/anmodninger/{old.pk}/" in dashboard and "overdue" in dashboard


def test_staff_verify_carry_out_and_answer_an_access_request(client_as, staff_member, mailoutbox):
    world = make_world()
    lift_legal_hold(actor="test", hold=world.hold)
    client = client_as(staff_member)
    url = f"/staff/anmodninger/{world.rights_request.pk}/"
    step = f"{url}skridt/"
    client.post(step, {"step": "verify", "how": "called back on the phone number we hold"})
    client.post(step, {"step": "execute"})
    client.post(step, {"step": "answer", "delivery": "link"})
    world.rights_request.refresh_from_db()
    assert world.rights_request.status == RightsRequest.Status.ANSWERED
    page = client.get(url).content.decode()
    for words in ("indsigt (art. 15)", "identitet bekræftet", "udført", "besvaret"):
        assert words in page
    assert "identity verified" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    for words in ("access (Art. 15)", "identity verified", "carried out", "answered"):
        assert words in page
    assert len(mailoutbox) == 1


def test_a_refused_step_is_explained_and_changes_nothing(client_as, staff_member):
    world = make_world()
    client = client_as(staff_member)
    step = f"/staff/anmodninger/{world.rights_request.pk}/skridt/"
    response = client.post(step, {"step": "execute"}, follow=True)
    assert "er ikke verificeret" in response.content.decode()
    world.rights_request.refresh_from_db()
    assert world.rights_request.status == RightsRequest.Status.RECEIVED


def test_the_auditor_reads_the_request_but_may_take_no_step(client_as, auditor):
    world = make_world()
    client = client_as(auditor)
    url = f"/staff/anmodninger/{world.rights_request.pk}/"
    page = client.get(url).content.decode()
    assert "skridt" not in page
    assert client.post(f"{url}skridt/", {"step": "note", "text": "hello"}).status_code == 403


def test_staff_record_a_letter_with_a_danish_form(client_as, staff_member):
    make_world()
    client = client_as(staff_member)
    form = client.get("/staff/anmodninger/ny/").content.decode()
    assert '<button type="submit">Registrér anmodningen</button>' in form
    assert '<option value="letter">brev</option>' in form
    response = client.post(
        "/staff/anmodninger/ny/",
        {"kind": "erasure", "channel": "letter", "claimed_name": "Ida", "language": "da"},
    )
    assert response.status_code == 302
    created = RightsRequest.objects.get(claimed_name="Ida")
    assert (created.kind, created.channel) == ("erasure", "letter")
    page = client.get(response["Location"]).content.decode()
    assert "sletning (art. 17)" in page and "(brev)" in page
