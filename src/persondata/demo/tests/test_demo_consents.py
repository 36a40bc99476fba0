"""The demo's consents are in the ledger, and the ledger, the events and the due dates agree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from persondata.consent.models import Channel, ConsentEntry
from persondata.consent.queries import consent_states
from persondata.demo.generate import ACTOR, generate_demo_register
from persondata.lib.dates import months_after
from persondata.subjects.models import DataSubject, Event, PurposeLink

COUNT = 60


@pytest.fixture
def generated(demo_declaration):
    return generate_demo_register(count=COUNT, seed=2026)


def _from_events(subject: DataSubject) -> set[tuple[str, bool, str]]:
    found = set()
    for event in Event.objects.filter(subject=subject, name__startswith="consent_"):
        kind, purpose = event.name.split(":", 1)
        found.add((purpose, kind == "consent_given", event.occurred_on.isoformat()))
    return found


def _from_ledger(subject: DataSubject) -> set[tuple[str, bool, str]]:
    return {
        (entry.purpose, entry.given, timezone.localdate(entry.at).isoformat())
        for entry in ConsentEntry.objects.filter(subject=subject)
    }


def test_every_consent_event_has_its_ledger_entry_and_every_entry_its_event(generated):
    subjects = DataSubject.objects.all()
    assert ConsentEntry.objects.filter(given=False).exists()
    for subject in subjects:
        assert _from_events(subject) == _from_ledger(subject), subject.display_name
    events = Event.objects.filter(name__startswith="consent_").count()
    assert events == ConsentEntry.objects.count() == generated.consents + generated.withdrawals


def test_each_entry_holds_the_declared_text_version_channel_and_evidence(generated, db):
    entries = list(ConsentEntry.objects.all())
    assert entries
    for entry in entries:
        assert entry.recorded_by == ACTOR
        assert entry.version >= 1 and entry.text_da and entry.text_en
        assert entry.channel in Channel.values
        assert entry.at < timezone.now()
        if entry.channel in (Channel.WEB_FORM, Channel.EMAIL_LINK):
            assert entry.ip and entry.user_agent
        elif entry.channel == Channel.PAPER:
            assert entry.evidence["reference"]
        else:
            assert entry.evidence["staff"]
    channels = {entry.channel for entry in entries}
    assert {Channel.WEB_FORM, Channel.EMAIL_LINK} <= channels


def test_the_subject_page_state_matches_the_last_event(generated):
    checked = 0
    for subject in DataSubject.objects.filter(events__name__startswith="consent_").distinct():
        states = {state.purpose: state for state in consent_states(subject, "da")}
        last: dict[str, str] = {}
        for event in Event.objects.filter(subject=subject, name__startswith="consent_").order_by(
            "occurred_on", "id"
        ):
            kind, purpose = event.name.split(":", 1)
            last[purpose] = kind
        for purpose, kind in last.items():
            assert states[purpose].latest is not None
            assert states[purpose].given == (kind == "consent_given")
            checked += 1
    assert checked > 0


def _review_due(link: PurposeLink) -> date:
    # The newsletter's review_every: 2y with unreviewed: erase also dates it.
    return months_after(timezone.localdate(link.record.collected_at), 24)


def test_a_withdrawn_newsletter_address_is_due_five_days_after_the_withdrawal(generated):
    withdrawn = ConsentEntry.objects.filter(purpose="newsletter", given=False)
    links = PurposeLink.objects.filter(
        activity="newsletter", record__subject__in=withdrawn.values("subject")
    ).select_related("record")
    assert links
    for link in links:
        entry = withdrawn.get(subject=link.record.subject_id)
        withdrawal = timezone.localdate(entry.at) + timedelta(days=5)
        assert link.due_on == min(withdrawal, _review_due(link))
    kept = PurposeLink.objects.filter(activity="newsletter").exclude(
        record__subject__in=withdrawn.values("subject")
    )
    assert kept
    for link in kept.select_related("record"):
        assert link.due_on == _review_due(link)


def test_the_staff_subject_page_shows_a_demo_withdrawal_where_the_events_show_it(
    generated, admin_client
):
    entry = ConsentEntry.objects.filter(given=False).select_related("subject").first()
    assert entry is not None and entry.subject is not None
    page = admin_client.get(f"/staff/personer/{entry.subject.key}/").content.decode()
    consents = page[page.index('<table id="consents">') :]
    row = consents[: consents.index("</table>")]
    assert "trukket tilbage" in row
    assert timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M") in row
