from __future__ import annotations

from pathlib import Path

import pytest

from persondata.audit.actions import subject_pseudonym
from persondata.audit.models import AuditEntry
from persondata.subjects import checks
from persondata.subjects.actions import RegisterError, create_subject
from persondata.subjects.models import DataSubject
from persondata.subjects.queries import find_subject
from persondata.subjects.tests.factories import ACTOR, CPR, last_audit, make_subject


def test_a_subject_is_stored_with_identifiers_in_normal_form(declaration: Path) -> None:
    subject = make_subject(
        email="  Jens.Hansen@Example.DK ",
        phone="20 12 34 56",
        customer_number="K-1001",
        cpr="211062-5629",
        categories=["customer", "contact_person"],
        language="en",
    )
    subject.refresh_from_db()
    assert subject.email == "jens.hansen@example.dk"
    assert subject.phone == "+4520123456"
    assert subject.customer_number == "K-1001"
    assert subject.categories == ["customer", "contact_person"]
    assert subject.language == "en"
    assert subject.restricted_at is None


def test_the_cpr_number_is_stored_only_encrypted_with_a_digest(declaration: Path) -> None:
    subject = make_subject(cpr="211062-5629")
    subject.refresh_from_db()
    assert CPR not in subject.cpr_encrypted
    assert subject.cpr_encrypted.startswith("v1:")
    assert len(subject.cpr_digest) == 64
    assert find_subject(cpr=CPR) == subject


def test_creating_a_subject_is_audited_without_personal_data(declaration: Path) -> None:
    subject = make_subject(email="jens@example.dk", cpr=CPR)
    entry = last_audit("subject.create")
    assert entry.actor == ACTOR
    assert entry.subject_ref == subject_pseudonym(str(subject.key))
    assert entry.details == {"categories": ["customer"], "identifiers": ["cpr", "email"]}
    text = str(entry.details) + entry.object_id + entry.subject_ref
    assert "jens" not in text.lower()
    assert CPR not in text


def test_every_bad_field_is_named_at_once_and_nothing_is_written(declaration: Path) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(RegisterError) as caught:
        create_subject(
            actor=ACTOR,
            display_name="",
            categories=["alien"],
            email="x@",
            phone="12",
            cpr="320162-1234",
            language="fr",
        )
    message = str(caught.value)
    for expected in (
        "display_name: is required",
        "categories: 'alien' is not a subject category",
        "email: 'x@' is not an e-mail address",
        "phone: '12' is not a valid phone number",
        "cpr: '320162-****' is not a CPR number",
        "language: 'fr' is not da or en",
    ):
        assert expected in message
    assert DataSubject.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_subject_needs_a_category(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"categories: is required"):
        make_subject(categories=[])


def test_a_card_number_in_the_name_is_refused(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"display_name: holds a full card number"):
        make_subject(display_name="Jens 4111 1111 1111 1111")


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("email", "jens@example.dk", "e-mail address"),
        ("customer_number", "K-1", "customer number"),
        ("cpr", CPR, "CPR number"),
    ],
)
def test_an_identifier_of_another_subject_is_refused(
    declaration: Path, field: str, value: str, label: str
) -> None:
    first = make_subject(**{field: value})
    with pytest.raises(
        RegisterError, match=f"{field}: subject {first.key} already has this {label}"
    ):
        make_subject(display_name="Someone else", **{field: value})
    assert DataSubject.objects.count() == 1


def test_a_shared_phone_number_is_allowed(declaration: Path) -> None:
    make_subject(phone="+45 20 12 34 56")
    make_subject(display_name="Hanne Hansen", phone="20123456")
    assert DataSubject.objects.filter(phone="+4520123456").count() == 2


def test_nothing_can_be_registered_before_a_declaration_is_applied(db: None) -> None:
    with pytest.raises(RegisterError, match=r"no declaration has been applied"):
        make_subject()


def test_a_subject_is_named_by_its_key_never_its_name(declaration: Path) -> None:
    subject = make_subject()
    assert str(subject) == f"subject {subject.key}"


def test_the_database_keeps_identifiers_unique_even_past_the_checks(
    declaration: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_subject(email="jens@example.dk")
    # As if a concurrent writer registered the address between check and save.
    monkeypatch.setattr(checks, "refuse_duplicate_identifiers", lambda subject: None)
    with pytest.raises(RegisterError, match="at the same moment; nothing was saved"):
        make_subject(display_name="Anden", email="jens@example.dk")
    assert DataSubject.objects.count() == 1
