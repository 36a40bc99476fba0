from __future__ import annotations

from pathlib import Path

import pytest

from persondata.audit.models import AuditEntry
from persondata.subjects.actions import RegisterError, link_record
from persondata.subjects.models import PurposeLink
from persondata.subjects.tests.factories import ACTOR, last_audit, make_record, make_subject


def test_a_record_can_be_held_for_a_second_activity(declaration: Path) -> None:
    record = make_record(make_subject(), activities=["customer_administration"])
    link = link_record(actor=ACTOR, record=record, activity="bookkeeping")
    assert link.activity == "bookkeeping"
    assert link.due_on is None
    assert link.restricted is False
    assert last_audit("record.link").details == {
        "activity": "bookkeeping",
        "data_category": "user.contact.address",
    }


def test_a_category_below_a_declared_one_may_be_linked(declaration: Path) -> None:
    record = make_record(
        make_subject(), data_category="user.contact.address.street", value="Vestergade 1"
    )
    link = link_record(actor=ACTOR, record=record, activity="customer_administration")
    assert link.pk is not None


def test_linking_twice_changes_nothing(declaration: Path) -> None:
    record = make_record(make_subject(), activities=["bookkeeping"])
    before = AuditEntry.objects.count()
    again = link_record(actor=ACTOR, record=record, activity="bookkeeping")
    assert PurposeLink.objects.filter(record=record).count() == 1
    assert again.activity == "bookkeeping"
    assert AuditEntry.objects.count() == before


def test_an_undeclared_activity_is_refused(declaration: Path) -> None:
    record = make_record(make_subject())
    with pytest.raises(RegisterError, match=r"'lottery' is not a declared activity"):
        link_record(actor=ACTOR, record=record, activity="lottery")


def test_a_data_category_the_activity_does_not_declare_is_refused(declaration: Path) -> None:
    record = make_record(make_subject(), data_category="user.job_title", value="Smith")
    with pytest.raises(
        RegisterError,
        match=r"activity 'bookkeeping' does not declare the data category 'user.job_title'",
    ):
        link_record(actor=ACTOR, record=record, activity="bookkeeping")
    assert not PurposeLink.objects.exists()


def test_a_parent_category_is_not_covered_by_a_declared_child(declaration: Path) -> None:
    record = make_record(make_subject(), data_category="user.contact", value="Vestergade 1")
    with pytest.raises(RegisterError, match=r"does not declare the data category 'user.contact'"):
        link_record(actor=ACTOR, record=record, activity="customer_administration")


def test_an_activity_for_other_subject_categories_is_refused(declaration: Path) -> None:
    subscriber = make_subject(categories=["newsletter_subscriber"])
    record = make_record(subscriber, data_category="user.name", value="Jens Hansen")
    with pytest.raises(
        RegisterError,
        match=r"activity 'bookkeeping' is for customer, supplier_vendor, but the subject is "
        "newsletter_subscriber",
    ):
        link_record(actor=ACTOR, record=record, activity="bookkeeping")
