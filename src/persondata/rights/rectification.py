"""Rectification (GDPR Art. 16): proposed, reviewed by staff, then applied.

A correction is proposed for one record of the person, checked as the
register would check it and kept encrypted; staff accept or reject it (a
rejection needs a reason, which the answer gives); carrying the request out
applies the accepted ones through the register's ``update_record``, so the
old value survives only as a keyed fingerprint in the audit trail.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from persondata.documents.blocks import Items, Section
from persondata.documents.labels import category_label
from persondata.lib.crypto import decrypt, encrypt
from persondata.lib.refusals import KeyOrLabel
from persondata.policy.schema import Declaration
from persondata.rights.actions import audit_request, locked, step
from persondata.rights.answers import AnswerFile, letter, no_data_letter
from persondata.rights.checks import MAX_REASON, RightsError, clean_text, require_verified
from persondata.rights.models import RectificationProposal, RequestStep, RightsRequest
from persondata.subjects import checks as register_checks
from persondata.subjects.actions import RegisterError, update_record
from persondata.subjects.models import Record
from persondata.subjects.sensitive import key_ring

Kind = RightsRequest.Kind


def rectification_context(request_id: int, record_id: int) -> str:
    """The associated data a proposed value is encrypted with (also for key rotation)."""
    return f"rectification|{request_id}|{record_id}"


def propose_rectification(
    *, actor: str, rights_request: RightsRequest, record: Record, value: str
) -> RectificationProposal:
    """Propose a corrected value of one of the person's records (Art. 16), for
    staff review. The value is checked as the register would check it and
    stored encrypted until the proposal is applied or rejected.

    Raises RightsError for a request that is not a verified, open
    rectification request, a record of someone else, or a value the
    register refuses.
    """
    with transaction.atomic():
        current = locked(rights_request)
        if current.kind != Kind.RECTIFICATION:
            raise RightsError(
                gettext_lazy(
                    "request %(id)s is for %(kind)s; only rectification requests take corrections"
                ),
                id=current.pk,
                kind=KeyOrLabel(current.kind, current.get_kind_display()),
            )
        require_verified(
            current,
            gettext_lazy(
                "request %(id)s is not verified; an unverified request is never changed. "
                "Verify the person's identity first"
            ),
        )
        if current.status != RightsRequest.Status.VERIFIED:
            raise RightsError(
                gettext_lazy("request %(id)s is %(status)s; nothing can be proposed"),
                id=current.pk,
                status=KeyOrLabel(current.status, current.get_status_display()),
            )
        if current.subject_id is None or record.subject_id != current.subject_id:
            raise RightsError(
                gettext_lazy(
                    "record: record %(record)s is not data about the person of request %(id)s"
                ),
                record=record.pk,
                id=current.pk,
            )
        try:
            clean = register_checks.clean_record_value(
                value, data_category=record.data_category, today=timezone.localdate()
            )
        except RegisterError as exc:
            raise RightsError(str(exc)) from None
        proposal = RectificationProposal.objects.create(
            request=current,
            record=record,
            data_category=record.data_category,
            value_encrypted=encrypt(
                clean, associated=rectification_context(current.pk, record.pk), ring=key_ring()
            ),
            proposed_by=actor,
            proposed_at=timezone.now(),
        )
        detail = {"proposal": proposal.pk, "data_category": record.data_category}
        step(current, RequestStep.Kind.PROPOSED, actor=actor, detail=detail)
        audit_request(current, "propose", actor=actor, details=detail)
    return proposal


def decide_rectification(
    *, actor: str, proposal: RectificationProposal, accept: bool, reason: str = ""
) -> RectificationProposal:
    """Accept or reject a proposed correction. A rejection needs a reason, which
    the answer gives the person; its value is removed at once. Raises
    RightsError for a proposal that was already decided."""
    words = clean_text(reason, field="reason", limit=MAX_REASON, required=not accept)
    with transaction.atomic():
        current = locked(proposal.request)
        item = RectificationProposal.objects.select_for_update().get(pk=proposal.pk)
        if item.status != RectificationProposal.Status.PENDING:
            raise RightsError(
                gettext_lazy("proposal %(id)s was already %(status)s"),
                id=item.pk,
                status=KeyOrLabel(item.status, item.get_status_display()),
            )
        item.status = (
            RectificationProposal.Status.ACCEPTED
            if accept
            else RectificationProposal.Status.REJECTED
        )
        item.decided_by = actor
        item.decided_at = timezone.now()
        if not accept:
            item.value_encrypted = ""
        item.save(update_fields=["status", "decided_by", "decided_at", "value_encrypted"])
        detail = {"proposal": item.pk, "accepted": accept}
        step(current, RequestStep.Kind.DECIDED, actor=actor, detail=detail, text=words)
        audit_request(current, "decide", actor=actor, details=detail)
    return item


def apply_rectifications(
    rq: RightsRequest, declaration: Declaration, *, actor: str, **_options: object
) -> tuple[dict[str, object], list[AnswerFile]]:
    proposals = list(rq.rectifications.select_related("record__subject"))
    if any(p.status == RectificationProposal.Status.PENDING for p in proposals):
        raise RightsError(
            gettext_lazy(
                "request %(id)s has proposals waiting for review; accept or reject them first"
            ),
            id=rq.pk,
        )
    if not proposals and rq.subject is None:
        return no_data_letter(rq, declaration)
    if not proposals:
        raise RightsError(
            gettext_lazy(
                "request %(id)s has no proposed corrections; propose them (and review them) first"
            ),
            id=rq.pk,
        )
    lang = rq.language
    corrected: list[str] = []
    rejected = RequestStep.objects.filter(request=rq, kind=RequestStep.Kind.DECIDED)
    reasons = {step.detail.get("proposal"): step.text for step in rejected}
    refused: list[str] = []
    for proposal in proposals:
        label = category_label(proposal.data_category, lang, declaration)
        if proposal.status == RectificationProposal.Status.REJECTED:
            refused.append(f"{label}: {reasons.get(proposal.pk, '')}".rstrip(": "))
            continue
        if proposal.record is None:
            raise RightsError(
                gettext_lazy("the record of proposal %(id)s no longer exists"), id=proposal.pk
            )
        value = decrypt(
            proposal.value_encrypted,
            associated=rectification_context(rq.pk, proposal.record.pk),
            ring=key_ring(),
        )
        update_record(actor=actor, record=proposal.record, value=value)
        RectificationProposal.objects.filter(pk=proposal.pk).update(
            status=RectificationProposal.Status.APPLIED,
            applied_at=timezone.now(),
            value_encrypted="",
        )
        corrected.append(label)
    with translation.override(lang):
        sections = []
        if corrected:
            sections.append(Section("corrected", _("Corrected"), "16", (Items(tuple(corrected)),)))
        if refused:
            sections.append(
                Section(
                    "not-corrected", _("Not corrected, and why"), "16", (Items(tuple(refused)),)
                )
            )
        lines = [_("We have dealt with your request to have data about you corrected.")]
    summary: dict[str, object] = {
        "found": True,
        "applied": len(corrected),
        "rejected": len(refused),
    }
    return summary, [letter(rq, declaration, lines, sections)]
