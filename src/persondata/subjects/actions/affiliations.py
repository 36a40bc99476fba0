"""Organisations, contact persons and relationships.

Every action follows the rules in the package docstring.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
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
    Organisation,
    Relationship,
)
from persondata.subjects.queries import representatives_of


def create_organisation(
    *, actor: str, name: str, cvr: str = "", is_sole_trader: bool = False
) -> Organisation:
    """Register an organisation. A sole trader's CVR number is personal data
    and never enters the audit trail. Raises RegisterError for an empty name,
    a malformed CVR number, or one another organisation already has."""
    clean_name, clean_cvr = checks.clean_organisation(name=name, cvr=cvr)
    with transaction.atomic():
        if clean_cvr and Organisation.objects.filter(cvr=clean_cvr).exists():
            raise RegisterError(f"cvr: another organisation already has CVR number {clean_cvr}")
        organisation = Organisation.objects.create(
            name=clean_name, cvr=clean_cvr, is_sole_trader=is_sole_trader, created_at=timezone.now()
        )
        write_audit_entry(
            action="organisation.create",
            actor=actor,
            object_type="organisation",
            object_id=str(organisation.pk),
            details={"cvr": "" if is_sole_trader else clean_cvr, "sole_trader": is_sole_trader},
        )
    return organisation


def add_contact_link(
    *,
    actor: str,
    person: DataSubject,
    organisation: Organisation,
    role: str = "",
    started: date | None = None,
) -> ContactLink:
    """Record that ``person`` represents ``organisation`` from ``started``
    (default today). Raises RegisterError for a future start or a card
    number in the role."""
    today = timezone.localdate()
    started = started or today
    checks.refuse_future(started, today=today, field="started")
    clean_role = checks.clean_text(role, field="role")
    with transaction.atomic():
        link = ContactLink.objects.create(
            person=person, organisation=organisation, role=clean_role, started=started
        )
        write_audit_entry(
            action="contact.link",
            actor=actor,
            object_type="contact_link",
            object_id=str(link.pk),
            subject_key=str(person.key),
            details={"organisation": organisation.pk, "started": started.isoformat()},
        )
        engine.recompute_subject(person.pk)
    return link


def end_employment(*, actor: str, link: ContactLink, ended: date) -> ContactLink:
    """Record that a contact person left the organisation on ``ended``: sets
    ``employment_ended`` and records the ``employment_ended`` event (which
    may trigger erasure, SPEC section 3). Raises RegisterError if it already
    ended, or if ``ended`` is before the link started or in the future."""
    checks.refuse_future(ended, today=timezone.localdate(), field="ended")
    with transaction.atomic():
        link = ContactLink.objects.select_for_update().select_related("person").get(pk=link.pk)
        if link.employment_ended is not None:
            raise RegisterError(
                gettext_lazy("contact link %(id)s: the employment already ended on %(day)s"),
                id=link.pk,
                day=link.employment_ended.isoformat(),
            )
        if ended < link.started:
            raise RegisterError(
                gettext_lazy("ended: %(ended)s is before the contact link started (%(started)s)"),
                ended=ended.isoformat(),
                started=link.started.isoformat(),
            )
        link.employment_ended = ended
        link.save(update_fields=["employment_ended"])
        Event.objects.create(
            subject=link.person,
            name="employment_ended",
            occurred_on=ended,
            note="",
            created_at=timezone.now(),
        )
        write_audit_entry(
            action="contact.end_employment",
            actor=actor,
            object_type="contact_link",
            object_id=str(link.pk),
            subject_key=str(link.person.key),
            details={"organisation": link.organisation_id, "ended": ended.isoformat()},
        )
        engine.recompute_subject(link.person_id)
    return link


def start_relationship(
    *,
    actor: str,
    kind: str,
    started: date,
    subject: DataSubject | None = None,
    organisation: Organisation | None = None,
) -> Relationship:
    """Start a relationship of ``kind`` (a declared subject category) with a
    subject or an organisation (exactly one). A subject gains ``kind`` among
    its categories. Raises RegisterError for an undeclared kind, both or
    neither party, or a future start."""
    declaration = checks.require_declaration()
    checks.check_party(subject=subject, organisation=organisation)
    checks.check_subject_category(kind, declaration, field="kind")
    checks.refuse_future(started, today=timezone.localdate(), field="started")
    with transaction.atomic():
        relationship = Relationship.objects.create(
            subject=subject, organisation=organisation, kind=kind, started=started
        )
        if subject is not None and kind not in subject.categories:
            subject.categories = [*subject.categories, kind]
            subject.updated_at = timezone.now()
            subject.save(update_fields=["categories", "updated_at"])
        _audit_relationship("relationship.start", relationship, actor=actor)
        _recompute_party(relationship)
    return relationship


def end_relationship(*, actor: str, relationship: Relationship, ended: date) -> Relationship:
    """End an active relationship on ``ended``. Raises RegisterError if it has
    already ended, or if ``ended`` is before its start or in the future."""
    checks.refuse_future(ended, today=timezone.localdate(), field="ended")
    with transaction.atomic():
        relationship = Relationship.objects.select_for_update().get(pk=relationship.pk)
        if relationship.ended is not None:
            raise RegisterError(
                gettext_lazy("relationship %(id)s already ended on %(day)s"),
                id=relationship.pk,
                day=relationship.ended.isoformat(),
            )
        if ended < relationship.started:
            raise RegisterError(
                gettext_lazy("ended: %(ended)s is before the relationship started (%(started)s)"),
                ended=ended.isoformat(),
                started=relationship.started.isoformat(),
            )
        relationship.ended = ended
        relationship.save(update_fields=["ended"])
        _audit_relationship("relationship.end", relationship, actor=actor)
        _recompute_party(relationship)
    return relationship


def _audit_relationship(action: str, relationship: Relationship, *, actor: str) -> None:
    details: dict[str, object] = {
        "kind": relationship.kind,
        "started": relationship.started.isoformat(),
        "ended": relationship.ended.isoformat() if relationship.ended else None,
    }
    if relationship.organisation_id is not None:
        details["organisation"] = relationship.organisation_id
    write_audit_entry(
        action=action,
        actor=actor,
        object_type="relationship",
        object_id=str(relationship.pk),
        subject_key=str(relationship.subject.key) if relationship.subject else None,
        details=details,
    )


def _recompute_party(relationship: Relationship) -> None:
    if relationship.subject_id is not None:
        engine.recompute_subject(relationship.subject_id)
        return
    for person_id in representatives_of(relationship.organisation_id or 0).values_list(
        "pk", flat=True
    ):
        engine.recompute_subject(person_id)
