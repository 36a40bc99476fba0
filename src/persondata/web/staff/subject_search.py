"""Finding data subjects for staff: by name, e-mail, phone, customer number or CPR.

Name, e-mail and customer number match a part of the text; a phone number
matches in its normal form. A CPR number matches exactly (by its keyed
digest, never by decrypting) and every CPR search is written to the audit
trail, found or not, since it reveals whether a person is registered.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from persondata.audit.actions import write_audit_entry
from persondata.lib.refusals import TranslatableRefusal
from persondata.subjects import validation
from persondata.subjects.models import DataSubject
from persondata.subjects.queries import find_subject

FIELDS = ("name", "email", "phone", "customer_number", "cpr")
MAX_RESULTS = 50
MIN_NAME_LENGTH = 2


class SearchError(TranslatableRefusal):
    """A search that cannot be run; the message names the field and what is wrong
    (``localized()`` in the page's language)."""


def search_subjects(*, field: str, text: str, actor: str) -> list[DataSubject]:
    """Subjects matching ``text`` in ``field`` (one of FIELDS), at most
    MAX_RESULTS, by name. Raises SearchError for an unknown field, an empty
    or too short text, or a malformed phone or CPR number (nothing audited
    then: nothing was looked up)."""
    if field not in FIELDS:
        raise SearchError(
            gettext_lazy("field: %(field)s is not searchable; choose one of %(fields)s"),
            field=repr(field),
            fields=", ".join(FIELDS),
        )
    query = text.strip()
    if not query:
        raise SearchError(gettext_lazy("%(field)s: type something to search for"), field=field)
    if field == "cpr":
        return _search_cpr(query, actor=actor)
    found: QuerySet[DataSubject]
    if field == "name":
        if len(query) < MIN_NAME_LENGTH:
            raise SearchError(
                gettext_lazy("name: type at least %(count)s letters"), count=MIN_NAME_LENGTH
            )
        found = DataSubject.objects.filter(display_name__icontains=query)
    elif field == "email":
        found = DataSubject.objects.filter(email__icontains=query.lower())
    elif field == "phone":
        try:
            phone = validation.normalise_phone(query)
        except validation.InvalidValue as exc:
            raise SearchError.saying([exc]) from None
        found = DataSubject.objects.filter(phone=phone)
    else:
        found = DataSubject.objects.filter(customer_number__icontains=query)
    return list(found.order_by("display_name", "id")[:MAX_RESULTS])


def _search_cpr(text: str, *, actor: str) -> list[DataSubject]:
    try:
        cpr = validation.normalise_cpr(text, today=timezone.localdate())
    except validation.InvalidValue as exc:
        raise SearchError.saying([exc]) from None
    with transaction.atomic():
        subject = find_subject(cpr=cpr)
        write_audit_entry(
            action="subject.search_cpr",
            actor=actor,
            object_type="subject" if subject else "",
            object_id=str(subject.pk) if subject else "",
            subject_key=str(subject.key) if subject else None,
            details={"found": subject is not None},
        )
    return [subject] if subject else []
