"""Subjects for staff: search (CPR exact and audited), the subject page, and
changes behind a confirmation page, each audited by the register's actions."""

from __future__ import annotations

import pytest

from persondata.audit.models import AuditEntry
from persondata.subjects.models import DataSubject, LegalHold
from persondata.web.tests.world import make_world

pytestmark = pytest.mark.django_db


def test_searching_by_name_finds_the_subject(client_as, staff_member):
    world = make_world()
    page = client_as(staff_member).get("/staff/personer/?field=name&q=karen").content.decode()
    assert f"/staff/personer/{world.subject.key}/" in page


def test_a_cpr_search_matches_exactly_and_is_audited(client_as, staff_member):
    make_world()
    client = client_as(staff_member)
    response = client.get("/staff/personer/?field=cpr&q=010190-1234")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="subject.search_cpr").latest("sequence")
    assert entry.details == {"found": False} and entry.actor == staff_member.username


def test_a_malformed_cpr_number_is_explained_and_not_looked_up(client_as, staff_member):
    make_world()
    response = client_as(staff_member).get("/staff/personer/?field=cpr&q=12")
    assert "cpr" in response.content.decode().lower()
    assert not AuditEntry.objects.filter(action="subject.search_cpr").exists()


def test_htmx_gets_only_the_results(client_as, staff_member):
    make_world()
    response = client_as(staff_member).get(
        "/staff/personer/?field=name&q=karen", HTTP_HX_REQUEST="true"
    )
    assert "<html" not in response.content.decode()
    assert "Karen Jensen" in response.content.decode()


def test_the_subject_page_shows_records_by_activity_with_due_rule_and_hold(client_as, dpo):
    world = make_world()
    page = client_as(dpo).get(f"/staff/personer/{world.subject.key}/").content.decode()
    assert "Subscriptions and customer relations" in page or "Abonnementer" in page
    assert "karen@example.dk" in page
    assert "a dispute about an invoice" in page
    assert "Legal hold in force" in page or "tilbageholdelse" in page.lower()


def test_the_auditor_sees_no_buttons_that_change_anything(client_as, auditor):
    world = make_world()
    page = client_as(auditor).get(f"/staff/personer/{world.subject.key}/").content.decode()
    assert 'method="post"' not in page.split("</header>")[1]
    assert "/slet/" not in page and "/ny-oplysning/" not in page


def test_recording_an_event_goes_through_a_confirmation_page(client_as, staff_member):
    world = make_world()
    client = client_as(staff_member)
    url = f"/staff/personer/{world.subject.key}/haendelse/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "last_contact", "occurred_on": "2026-01-05"})
    assert response.status_code == 302
    assert world.subject.events.filter(name="last_contact").exists()


def test_a_refused_change_is_shown_and_changes_nothing(client_as, staff_member):
    world = make_world()
    url = f"/staff/personer/{world.subject.key}/haendelse/"
    response = client_as(staff_member).post(
        url, {"name": "last_contact", "occurred_on": "2099-01-01"}
    )
    assert response.status_code == 400
    assert "occurred_on" in response.content.decode()
    assert not world.subject.events.exists()


@pytest.mark.parametrize("name", ["consent_given:newsletter", "consent_withdrawn:newsletter"])
def test_a_consent_event_is_refused_on_the_page_and_changes_nothing(client_as, staff_member, name):
    # The page offers no consent events (only the consent ledger records
    # them), so a hand-made POST is refused by the form's list of events,
    # before the register would refuse it; not a 500.
    world = make_world()
    url = f"/staff/personer/{world.subject.key}/haendelse/"
    response = client_as(staff_member).post(url, {"name": name, "occurred_on": "2026-01-05"})
    assert response.status_code == 400
    assert f"{name} er ikke en af de tilgængelige valgmuligheder" in response.content.decode()
    assert not world.subject.events.exists()
    assert not AuditEntry.objects.filter(action="event.record").exists()


def test_erasing_needs_the_confirmation_and_is_refused_under_a_hold(client_as, dpo):
    world = make_world()
    client = client_as(dpo)
    url = f"/staff/personer/{world.subject.key}/slet/"
    assert client.post(url, {}).status_code == 400
    refused = client.post(url, {"confirm": "on"})
    assert (
        refused.status_code == 400 and "omfattet af en tilbageholdelse" in refused.content.decode()
    )
    lift = f"/staff/personer/{world.subject.key}/tilbageholdelse/{world.hold.pk}/ophaev/"
    assert client.post(lift).status_code == 302
    assert LegalHold.objects.get(pk=world.hold.pk).lifted_at is not None
    assert client.post(url, {"confirm": "on", "reason": "request 7"}).status_code == 302
    assert not DataSubject.objects.filter(pk=world.subject.pk).exists()


def test_staff_may_not_erase_or_set_holds(client_as, staff_member):
    world = make_world()
    client = client_as(staff_member)
    assert (
        client.post(f"/staff/personer/{world.subject.key}/slet/", {"confirm": "on"}).status_code
        == 403
    )
    assert client.get(f"/staff/personer/{world.subject.key}/tilbageholdelse/").status_code == 403
