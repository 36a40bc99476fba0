"""The staff subject page and search results speak the page's language: keys
(subject categories, sources, consent purposes, channels, relationship kinds)
are shown by their declared or translated names, and the due date's rule in
words, with the engine's English trace kept in a fold-out."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from persondata.consent.actions import give_consent
from persondata.retention.engine import due_reasons
from persondata.subjects.actions import add_record
from persondata.subjects.actions.holds import lift_legal_hold
from persondata.subjects.models import PurposeLink
from persondata.web.tests.world import make_world

pytestmark = pytest.mark.django_db


def _cells(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)
    ]


def _page(client, world, lang: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(f"/staff/personer/{world.subject.key}/").content.decode()


def _with_consent():
    world = make_world()
    give_consent(actor="test", subject=world.subject, purpose="newsletter", channel="web_form")
    return world


def test_the_danish_page_names_categories_sources_purposes_and_channels(client_as, dpo):
    world = _with_consent()
    page = _page(client_as(dpo), world, "da")
    cells = _cells(page)
    assert "<dd>Kunder</dd>" in page
    assert "den registrerede" in cells
    assert "Nyhedsbrev" in cells and "webformular" in cells
    assert "Kunder" in cells  # the relationship's kind
    for key in ("customer", "data_subject", "newsletter", "web_form"):
        assert key not in cells, key
    assert "Samtykke givet: Nyhedsbrev" in page


def test_the_english_page_names_them_in_english(client_as, dpo):
    world = _with_consent()
    page = _page(client_as(dpo), world, "en")
    cells = _cells(page)
    assert "<dd>Customers</dd>" in page
    assert "the data subject" in cells
    assert "Newsletter" in cells and "web form" in cells
    assert "Consent given: Newsletter" in page


def test_the_due_rule_is_in_words_and_the_english_trace_is_folded_away(client_as, dpo):
    world = make_world()  # the subject is under a legal hold: nothing is due
    link = PurposeLink.objects.get(record__subject=world.subject)
    reason = due_reasons([world.subject.pk])[link.pk]
    assert reason == "a legal hold stops erasure until it is lifted"
    client = client_as(dpo)
    danish = _page(client, world, "da")
    assert "Bevares, så længe en tilbageholdelse gælder." in danish
    trace = re.search(r'<details class="trace">(.*?)</details>', danish, re.S)
    assert trace is not None
    assert reason in trace.group(1) and 'lang="en"' in trace.group(1)
    # Outside the fold-out the Danish page has no English trace.
    assert reason not in danish.replace(trace.group(0), "")
    english = _page(client, world, "en")
    assert "Kept while a legal hold lasts." in english


def test_a_keep_rule_is_described_in_the_pages_language(client_as, dpo):
    world = make_world()
    lift_legal_hold(actor="test", hold=world.hold)
    link = PurposeLink.objects.get(record__subject=world.subject)
    assert link.due_rule is not None
    client = client_as(dpo)
    danish = _page(client, world, "da")
    english = _page(client, world, "en")
    # The demo declaration keeps a customer's data 3 years after the relationship ends.
    assert "For kunder: opbevares i 3 år efter kundeforholdets ophør." in danish
    assert "For customers: kept for 3 years after the customer relationship ends." in english


def test_a_link_no_rule_dates_is_said_to_have_none_yet(client_as, dpo):
    world = make_world()
    lift_legal_hold(actor="test", hold=world.hold)
    give_consent(actor="test", subject=world.subject, purpose="sms_offers", channel="web_form")
    # Offers by text message have only a trigger (consent withdrawn), not occurred.
    add_record(
        actor="test",
        subject=world.subject,
        data_category="user.contact.phone_number",
        value="+4520123456",
        source="data_subject",
        activities=["sms_offers"],
    )
    link = PurposeLink.objects.get(record__subject=world.subject, activity="sms_offers")
    assert (link.due_on, link.due_rule) == (None, None)
    assert due_reasons([world.subject.pk])[link.pk] == (
        "no keep rule applies and no trigger has occurred"
    )
    assert "Ingen opbevaringsregel gælder endnu." in _page(client_as(dpo), world, "da")


def test_search_results_name_the_categories(client_as, staff_member):
    make_world()
    client = client_as(staff_member)
    page = client.get("/staff/personer/?field=name&q=karen").content.decode()
    assert "Kunder" in _cells(page) and "customer" not in _cells(page)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/staff/personer/?field=name&q=karen").content.decode()
    assert "Customers" in _cells(page)
