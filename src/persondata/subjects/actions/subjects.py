"""Creating, changing and erasing data subjects.

Every action follows the rules in the package docstring.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from persondata.audit.actions import write_audit_entry
from persondata.retention import engine
from persondata.subjects import checks
from persondata.subjects.checks import RegisterError
from persondata.subjects.models import (
    ContactLink,
    DataSubject,
    Event,
    LegalHold,
    PurposeLink,
    Record,
    Relationship,
)
from persondata.subjects.queries import active_legal_holds
from persondata.subjects.sensitive import (
    cpr_digest,
    seal_cpr,
)


def create_subject(
    *,
    actor: str,
    display_name: str,
    categories: Sequence[str],
    email: str = "",
    phone: str = "",
    customer_number: str = "",
    cpr: str = "",
    language: str = "da",
) -> DataSubject:
    """Register a data subject. Identifiers are optional ("" = not known) and
    stored in normal form; the CPR number only encrypted, with its digest.

    Raises RegisterError, writing nothing, when no declaration is applied,
    a category is not declared, an identifier is malformed or already
    belongs to another subject, or a text holds a card number.
    """
    declaration = checks.require_declaration()
    today = timezone.localdate()
    clean = checks.clean_subject_fields(
        declaration,
        today=today,
        display_name=display_name,
        categories=categories,
        email=email,
        phone=phone,
        customer_number=customer_number,
        cpr=cpr,
        language=language,
    )
    now = timezone.now()
    subject = DataSubject(created_at=now, updated_at=now)
    _assign_subject_fields(subject, clean)
    with transaction.atomic():
        checks.refuse_duplicate_identifiers(subject)
        _save_unique(subject, force_insert=True)
        write_audit_entry(
            action="subject.create",
            actor=actor,
            object_type="subject",
            object_id=str(subject.pk),
            subject_key=str(subject.key),
            details={
                "categories": subject.categories,
                "identifiers": sorted(k for k in checks.IDENTIFIERS if clean.get(k)),
            },
        )
    return subject


def update_subject(
    *,
    actor: str,
    subject: DataSubject,
    display_name: str | None = None,
    categories: Sequence[str] | None = None,
    email: str | None = None,
    phone: str | None = None,
    customer_number: str | None = None,
    cpr: str | None = None,
    language: str | None = None,
) -> DataSubject:
    """Change the given fields (None = leave as is; "" clears an identifier).

    Raises RegisterError as create_subject, writing nothing. The audit entry
    names the changed fields only. A change of categories moves due dates.
    """
    declaration = checks.require_declaration()
    given = {
        name: value
        for name, value in {
            "display_name": display_name,
            "categories": categories,
            "email": email,
            "phone": phone,
            "customer_number": customer_number,
            "cpr": cpr,
            "language": language,
        }.items()
        if value is not None
    }
    clean = checks.clean_subject_fields(
        declaration, today=timezone.localdate(), partial=True, **given
    )
    with transaction.atomic():
        subject = DataSubject.objects.select_for_update().get(pk=subject.pk)
        before = {name: _subject_field(subject, name) for name in clean}
        _assign_subject_fields(subject, clean)
        changed = sorted(n for n in clean if _subject_field(subject, n) != before[n])
        if not changed:
            return subject
        checks.refuse_duplicate_identifiers(subject)
        subject.updated_at = timezone.now()
        _save_unique(subject)
        write_audit_entry(
            action="subject.update",
            actor=actor,
            object_type="subject",
            object_id=str(subject.pk),
            subject_key=str(subject.key),
            details={"changed": changed},
        )
        if "categories" in changed:
            engine.recompute_subject(subject.pk)
    return subject


def erase_subject(*, actor: str, subject: DataSubject, reason: str = "") -> dict[str, int]:
    """Delete the subject and everything held about it (Art. 17), leaving only
    the pseudonymous audit trail. Returns how many rows of each kind went.

    ``reason`` is a short non-personal label for the audit trail (e.g. a
    request number). Raises RegisterError, deleting nothing, while a legal
    hold on the subject is in force: lift it first.
    """
    today = timezone.localdate()
    clean_reason = checks.clean_text(reason, field="reason")
    with transaction.atomic():
        subject = DataSubject.objects.select_for_update().get(pk=subject.pk)
        holds = list(active_legal_holds(subject, today=today))
        if holds:
            ids = ", ".join(str(h.pk) for h in holds)
            raise RegisterError(
                gettext_lazy(
                    "subject %(key)s is under legal hold (%(ids)s); nothing was erased. "
                    "Lift the hold first if the reason for it has passed."
                ),
                key=subject.key,
                ids=ids,
            )
        counts = {
            "records": Record.objects.filter(subject=subject).count(),
            "purpose_links": PurposeLink.objects.filter(record__subject=subject).count(),
            "events": Event.objects.filter(subject=subject).count(),
            "relationships": Relationship.objects.filter(subject=subject).count(),
            "contact_links": ContactLink.objects.filter(person=subject).count(),
            "legal_holds": LegalHold.objects.filter(subject=subject).count(),
        }
        # Audit before erase: the entry and the deletion commit together.
        write_audit_entry(
            action="subject.erase",
            actor=actor,
            object_type="subject",
            object_id=str(subject.pk),
            subject_key=str(subject.key),
            details={"counts": counts, "reason": clean_reason},
        )
        subject.delete()
    return counts


def _assign_subject_fields(subject: DataSubject, clean: dict[str, object]) -> None:
    for name, value in clean.items():
        if name == "cpr":
            cpr = str(value)
            subject.cpr_encrypted = seal_cpr(subject_key=str(subject.key), cpr=cpr) if cpr else ""
            subject.cpr_digest = cpr_digest(cpr) if cpr else ""
        else:
            setattr(subject, name, value)


def _subject_field(subject: DataSubject, name: str) -> object:
    # The CPR number is compared by its digest: the ciphertext differs every time.
    return subject.cpr_digest if name == "cpr" else getattr(subject, name)


def _save_unique(subject: DataSubject, *, force_insert: bool = False) -> None:
    # The identifiers were checked just before; only a concurrent writer can
    # get here first, and the unique constraints then stop the second one.
    try:
        with transaction.atomic():
            subject.save(force_insert=force_insert)
    except IntegrityError:
        raise RegisterError(
            gettext_lazy(
                "another subject was given the same e-mail address, customer number or CPR "
                "number at the same moment; nothing was saved, try again"
            )
        ) from None
