"""Erasure (Art. 17): everything goes except what a legal obligation or a legal
hold requires; those links are restricted and the answer says what, why and until when."""

from __future__ import annotations

from datetime import UTC, date, datetime

from persondata.audit.models import AuditEntry
from persondata.consent.models import ConsentEntry
from persondata.rights.execution import execute_request
from persondata.rights.tests.factories import (
    ACTOR,
    BOOKKEEPING,
    make_customer,
    verified_request,
)
from persondata.rights.tests.reports import report_html
from persondata.subjects.actions import add_record, create_subject, set_legal_hold
from persondata.subjects.models import DataSubject, PurposeLink, Record


def test_erasure_of_a_customer_keeps_exactly_the_bookkeeping_records_and_restricts_them(customer):
    execute_request(actor=ACTOR, rights_request=verified_request("erasure"))
    kept_ids = {customer.records[name].pk for name in BOOKKEEPING}
    assert set(Record.objects.values_list("id", flat=True)) == kept_ids
    links = list(PurposeLink.objects.values_list("record_id", "activity", "restricted"))
    assert sorted(links) == sorted((rid, "bookkeeping", True) for rid in kept_ids)
    # The subject stays, holding only what must be kept.
    assert DataSubject.objects.filter(pk=customer.subject.pk).exists()


def test_the_answer_says_what_was_kept_why_and_until_when(customer):
    rights_request = execute_request(
        actor=ACTOR, rights_request=verified_request("erasure", language="en")
    )
    html = report_html(rights_request)
    assert "What we keep, why and until when" in html
    for label in ("Name", "Postal address", "Payment data"):
        assert label in html
    assert "a legal obligation requires us to keep it (GDPR Art. 17(3)(b))" in html
    assert "30 September 2031" in html
    assert "192.0.2.17" not in html


def test_the_erasure_is_audited_without_values(customer):
    execute_request(actor=ACTOR, rights_request=verified_request("erasure"))
    entry = AuditEntry.objects.get(action="rights.erase")
    erased = {customer.records[n].pk for n in ("email", "purchases", "ip")}
    assert set(entry.details["records_erased"]) == erased
    assert "Mette" not in str(entry.details)
    assert "192.0.2.17" not in str(entry.details)
    summary = AuditEntry.objects.get(action="rights.execute").details
    assert summary["records_erased"] == 3
    assert summary["links_kept"] == 3
    assert summary["subject_erased"] is False


def test_a_person_with_nothing_to_keep_is_erased_completely(demo):
    subscriber = create_subject(
        actor=ACTOR,
        display_name="Ole",
        categories=["newsletter_subscriber"],
        email="ole@example.dk",
    )
    add_record(
        actor=ACTOR,
        subject=subscriber,
        data_category="user.contact.email",
        value="ole@example.dk",
        source="data_subject",
        activities=["newsletter"],
    )
    rights_request = execute_request(
        actor=ACTOR, rights_request=verified_request("erasure", claimed_email="ole@example.dk")
    )
    assert not DataSubject.objects.filter(pk=subscriber.pk).exists()
    assert Record.objects.count() == 0
    assert "Vi har slettet alle de personoplysninger" in report_html(rights_request)
    # The request itself stays, as documentation, without its subject.
    rights_request.refresh_from_db()
    assert rights_request.subject is None


def test_consents_of_an_erased_person_stay_only_as_pseudonymous_entries(demo):
    customer = make_customer(email="anne@example.dk", display_name="Anne")
    Record.objects.filter(links__activity="bookkeeping").delete()
    execute_request(
        actor=ACTOR, rights_request=verified_request("erasure", claimed_email="anne@example.dk")
    )
    assert not DataSubject.objects.filter(pk=customer.subject.pk).exists()
    assert ConsentEntry.objects.filter(subject__isnull=True).exists()
    assert not ConsentEntry.objects.filter(subject__isnull=False).exists()


def test_a_legal_hold_keeps_everything_it_covers(customer):
    set_legal_hold(actor=ACTOR, subject=customer.subject, reason="dispute about invoice 2025-114")
    rights_request = execute_request(
        actor=ACTOR, rights_request=verified_request("erasure", language="en")
    )
    assert Record.objects.count() == len(customer.records)
    assert set(PurposeLink.objects.values_list("restricted", flat=True)) == {True}
    html = report_html(rights_request)
    assert "needed for legal claims (GDPR Art. 17(3)(e))" in html
    assert "until the legal claim is settled" in html


def test_a_hold_on_one_activity_keeps_only_that_activitys_links(customer):
    set_legal_hold(
        actor=ACTOR,
        subject=customer.subject,
        reason="complaint about a marketing mail",
        activity="customer_offers",
        ends_on=date(2026, 9, 30),
    )
    execute_request(actor=ACTOR, rights_request=verified_request("erasure"))
    kept = set(PurposeLink.objects.values_list("activity", flat=True))
    assert kept == {"bookkeeping", "customer_offers"}
    purchases = customer.records["purchases"]
    assert Record.objects.filter(pk=purchases.pk).exists()


def test_records_collected_later_than_the_plan_are_not_touched(customer):
    # The plan is made and carried out in one transaction: a record added
    # afterwards (a new invoice) is simply kept for its activity.
    execute_request(actor=ACTOR, rights_request=verified_request("erasure"))
    record = add_record(
        actor=ACTOR,
        subject=DataSubject.objects.get(pk=customer.subject.pk),
        data_category="user.payment",
        value="Kreditnota 2026-003",
        source="data_subject",
        collected_at=datetime(2026, 3, 2, 8, tzinfo=UTC),
        activities=["bookkeeping"],
    )
    assert PurposeLink.objects.get(record=record).restricted is False
