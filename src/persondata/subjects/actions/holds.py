"""Legal holds: stopping erasure for legal claims or obligations.

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
    DataSubject,
    LegalHold,
)


def set_legal_hold(
    *,
    actor: str,
    subject: DataSubject,
    reason: str,
    activity: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> LegalHold:
    """Stop erasure of the subject's data, for every activity (None) or one,
    from ``starts_on`` (default today) through ``ends_on`` (None: until
    lifted), e.g. for legal claims (Art. 17(3)(e)). ``actor`` is recorded as
    who set it. Raises RegisterError for an empty reason, an unknown
    activity, or an end before the start. The reason stays out of the audit."""
    declaration = checks.require_declaration()
    clean_reason = checks.clean_text(reason, field="reason", required=True)
    if activity is not None:
        checks.check_activity(activity, declaration)
    starts = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < starts:
        raise RegisterError(
            gettext_lazy("ends_on: %(ends)s is before the hold starts (%(starts)s)"),
            ends=ends_on.isoformat(),
            starts=starts.isoformat(),
        )
    with transaction.atomic():
        hold = LegalHold.objects.create(
            subject=subject,
            activity=activity,
            reason=clean_reason,
            set_by=actor,
            starts_on=starts,
            ends_on=ends_on,
            created_at=timezone.now(),
        )
        write_audit_entry(
            action="legal_hold.set",
            actor=actor,
            object_type="legal_hold",
            object_id=str(hold.pk),
            subject_key=str(subject.key),
            details={
                "activity": activity,
                "starts_on": starts.isoformat(),
                "ends_on": ends_on.isoformat() if ends_on else None,
            },
        )
        engine.recompute_subject(subject.pk)
    return hold


def lift_legal_hold(*, actor: str, hold: LegalHold) -> LegalHold:
    """Lift a hold now. Raises RegisterError if it was already lifted."""
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().select_related("subject").get(pk=hold.pk)
        if hold.lifted_at is not None:
            raise RegisterError(
                gettext_lazy("legal hold %(id)s was already lifted on %(day)s by %(actor)s"),
                id=hold.pk,
                day=hold.lifted_at.date().isoformat(),
                actor=hold.lifted_by,
            )
        hold.lifted_at = timezone.now()
        hold.lifted_by = actor
        hold.save(update_fields=["lifted_at", "lifted_by"])
        write_audit_entry(
            action="legal_hold.lift",
            actor=actor,
            object_type="legal_hold",
            object_id=str(hold.pk),
            subject_key=str(hold.subject.key),
            details={"activity": hold.activity},
        )
        engine.recompute_subject(hold.subject_id)
    return hold
