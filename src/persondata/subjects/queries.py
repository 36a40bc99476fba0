"""Read-only questions about the register. Nothing here writes or decrypts."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from persondata.subjects.models import (
    ContactLink,
    DataSubject,
    LegalHold,
    Organisation,
    Relationship,
)
from persondata.subjects.sensitive import cpr_digest


def relationships_of(subject: DataSubject | int) -> QuerySet[Relationship]:
    """The subject's own relationships and those of every organisation the
    subject represents or represented as a contact person (SPEC section 3:
    a contact person shares the relationships of their organisation).

    Links whose employment has ended still count: the organisation's
    relationship may anchor how long the former contact's data is kept,
    while the ``employment_ended`` event can shorten it.
    """
    subject_id = subject.pk if isinstance(subject, DataSubject) else subject
    organisations = ContactLink.objects.filter(person_id=subject_id).values("organisation_id")
    return Relationship.objects.filter(
        Q(subject_id=subject_id) | Q(organisation_id__in=organisations)
    ).order_by("started", "id")


def representatives_of(organisation: Organisation | int) -> QuerySet[DataSubject]:
    """The subjects who have a contact link to the organisation (current or former)."""
    organisation_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    return DataSubject.objects.filter(contact_links__organisation_id=organisation_id).distinct()


def active_legal_holds(subject: DataSubject | int, *, today: date) -> QuerySet[LegalHold]:
    """The subject's holds in force on ``today`` (every activity and single ones)."""
    subject_id = subject.pk if isinstance(subject, DataSubject) else subject
    return LegalHold.objects.filter(subject_id=subject_id).active_on(today)


def find_subject(
    *, email: str = "", phone: str = "", customer_number: str = "", cpr: str = ""
) -> DataSubject | None:
    """The subject with this identifier, or None.

    Give exactly one identifier, already in normal form (see
    ``subjects/validation.py``); a CPR number is matched by its keyed
    digest, never by decrypting. Phone numbers may be shared (a household):
    the oldest subject with the number is returned. Raises ValueError if not
    exactly one identifier is given.
    """
    given = {
        name: value
        for name, value in (
            ("email", email),
            ("phone", phone),
            ("customer_number", customer_number),
            ("cpr_digest", cpr_digest(cpr) if cpr else ""),
        )
        if value
    }
    if len(given) != 1:
        raise ValueError("find_subject needs exactly one identifier")
    return DataSubject.objects.filter(**given).order_by("pk").first()
