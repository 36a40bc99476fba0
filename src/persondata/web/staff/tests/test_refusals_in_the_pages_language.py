"""A refused request step or subject action is explained in the page's
language (the errors' English text is what the CLI and the API show)."""

from __future__ import annotations

import pytest
from django.conf import settings

from persondata.rights.models import RightsRequest
from persondata.subjects.actions.holds import lift_legal_hold
from persondata.web.tests.world import make_world

pytestmark = pytest.mark.django_db


def _post(client, url, data, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.post(url, data, follow=True).content.decode()


def test_carrying_out_an_unverified_request_is_refused_in_danish_and_english(
    client_as, staff_member
):
    world = make_world()
    client = client_as(staff_member)
    step = f"/staff/anmodninger/{world.rights_request.pk}/skridt/"
    pk = world.rights_request.pk
    danish = _post(client, step, {"step": "execute"}, "da")
    assert (
        f"anmodning {pk} er ikke verificeret; en anmodning, der ikke er verificeret, bliver "
        "aldrig udført" in danish
    )
    english = _post(client, step, {"step": "execute"}, "en")
    assert f"request {pk} is not verified; an unverified request is never carried out" in (english)
    world.rights_request.refresh_from_db()
    assert world.rights_request.status == RightsRequest.Status.RECEIVED


def test_closing_an_unanswered_request_names_its_status_in_the_pages_language(
    client_as, staff_member
):
    world = make_world()
    client = client_as(staff_member)
    step = f"/staff/anmodninger/{world.rights_request.pk}/skridt/"
    data = {"step": "close", "outcome": "completed"}
    danish = _post(client, step, data, "da")
    english = _post(client, step, data, "en")
    pk = world.rights_request.pk
    assert f"anmodning {pk} er modtaget, ikke besvaret" in danish
    assert f"request {pk} is received, not answered" in english


def test_lifting_a_lifted_hold_is_refused_in_the_pages_language(client_as, dpo):
    world = make_world()
    lift_legal_hold(actor="someone", hold=world.hold)
    client = client_as(dpo)
    url = f"/staff/personer/{world.subject.key}/tilbageholdelse/{world.hold.pk}/ophaev/"
    danish = _post(client, url, {}, "da")
    english = _post(client, url, {}, "en")
    assert f"tilbageholdelse {world.hold.pk} blev allerede ophævet" in danish
    assert f"legal hold {world.hold.pk} was already lifted" in english
    assert "was already lifted" not in danish


def test_erasing_a_subject_under_hold_is_refused_in_the_pages_language(client_as, dpo):
    world = make_world()
    client = client_as(dpo)
    url = f"/staff/personer/{world.subject.key}/slet/"
    danish = _post(client, url, {"confirm": "on", "reason": "asked"}, "da")
    assert "er omfattet af en tilbageholdelse" in danish
    english = _post(client, url, {"confirm": "on", "reason": "asked"}, "en")
    assert "is under legal hold" in english
    assert type(world.subject).objects.filter(pk=world.subject.pk).exists()


def test_close_outcomes_and_notice_ways_read_in_the_pages_language(client_as, staff_member):
    world = make_world()
    client = client_as(staff_member)
    url = f"/staff/anmodninger/{world.rights_request.pk}/"
    danish = client.get(url).content.decode()
    assert '<option value="completed">gennemført</option>' in danish
    assert '<option value="post">sendt med brev</option>' in danish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert '<option value="unverified">identity never verified</option>' in english
