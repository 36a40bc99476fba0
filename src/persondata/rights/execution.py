"""Carrying out a verified rights request, kind by kind (GDPR Art. 15-21, 7(3)).

Rules of this module:
- Only a verified request is carried out. An unverified one is refused
  before anything is read, so it can never reveal whether the person is in
  the register.
- Each request is carried out once, in one transaction: the register's
  changes, the answer's files, the ``executed`` step and the audit entry
  commit together or not at all.
- Access and erasure go through every registered datastore
  (``datastores.py``), so external systems are covered without changing
  this module.
- Erasure keeps what a legal obligation or a legal hold requires (Art.
  17(3)(b), (e)), marks those links restricted, and the letter says what was
  kept, why and until when.
- Restriction, objection and consent withdrawal use the consent ledger's
  actions; rectification applies staff-reviewed proposals through the
  register's ``update_record`` (the old value survives only as a fingerprint
  in the audit trail).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from persondata.consent import actions as consent_actions
from persondata.consent.errors import ConsentError
from persondata.consent.models import ConsentEntry
from persondata.documents.blocks import Items, Paragraph, Section, Table
from persondata.documents.dates_in_words import date_in_words
from persondata.documents.labels import category_label
from persondata.lib.refusals import KeyOrLabel
from persondata.policy.queries import current_declaration
from persondata.policy.schema import Declaration
from persondata.rights import answers
from persondata.rights.actions import audit_request, locked, step
from persondata.rights.answer_files import store_document
from persondata.rights.answers import letter, no_data_letter
from persondata.rights.checks import (
    MAX_REASON,
    RightsError,
    clean_choice,
    clean_text,
    require_verified,
)
from persondata.rights.datastores import (
    KEPT_FOR_LEGAL_HOLD,
    ErasurePlan,
    ErasureResult,
    erase_everywhere,
    plan_erasure,
)
from persondata.rights.models import RequestStep, RightsRequest
from persondata.rights.rectification import apply_rectifications
from persondata.subjects.actions import RegisterError
from persondata.subjects.models import DataSubject

Kind = RightsRequest.Kind
OBJECTION_TARGETS = ("direct_marketing", "legitimate_interest")
OBJECTION_DECISIONS = ("upheld", "rejected")


def _declaration() -> Declaration:
    declaration = current_declaration()
    if declaration is None:
        raise RightsError(
            gettext_lazy(
                "no declaration has been applied; run 'persondata policy apply FILE' first"
            )
        )
    return declaration


def execute_request(
    *,
    actor: str,
    rights_request: RightsRequest,
    purposes: list[str] | None = None,
    objection: str = "direct_marketing",
    decision: str = "",
    activities: list[str] | None = None,
    reason: str = "",
) -> RightsRequest:
    """Carry out a verified request and store its answer's files.

    Options by kind: consent withdrawal takes ``purposes`` (default: every
    consent in force); objection takes ``objection`` (``direct_marketing``:
    absolute, Art. 21(3); ``legitimate_interest``: staff decide, Art.
    21(1), with ``decision`` ``upheld`` (the named ``activities``, default
    every legitimate-interest activity, stop for this person) or
    ``rejected`` with the compelling grounds in ``reason``); restriction
    takes an optional ``reason``. Raises RightsError, changing nothing,
    when the request is not verified, already carried out or closed, when
    no declaration is applied, or for a bad option; PdfUnavailable when the
    access report's PDF cannot be made.
    """
    declaration = _declaration()
    with transaction.atomic():
        current = locked(rights_request)
        require_verified(
            current,
            gettext_lazy(
                "request %(id)s is not verified; an unverified request is never carried out. "
                "Verify the person's identity first"
            ),
        )
        if current.status != RightsRequest.Status.VERIFIED:
            raise RightsError(
                gettext_lazy(
                    "request %(id)s is %(status)s; only a verified request that has not been "
                    "carried out yet can be carried out"
                ),
                id=current.pk,
                status=KeyOrLabel(current.status, current.get_status_display()),
            )
        handler = _HANDLERS[current.kind]
        try:
            summary, files = handler(
                current,
                declaration,
                actor=actor,
                purposes=purposes,
                objection=objection,
                decision=decision,
                activities=activities,
                reason=reason,
            )
        except (ConsentError, RegisterError) as exc:
            raise RightsError(str(exc)) from None
        for file in files:
            store_document(current, name=file.name, fmt=file.format, content=file.content)
        current.status = RightsRequest.Status.EXECUTED
        current.save(update_fields=["status"])
        summary["documents"] = [f.name for f in files]
        step(current, RequestStep.Kind.EXECUTED, actor=actor, detail=summary)
        audit_request(current, "execute", actor=actor, details=summary)
    return current


# -- one handler per kind ------------------------------------------------------


Files = list[answers.AnswerFile]
Outcome = tuple[dict[str, object], Files]


def _access(
    rq: RightsRequest, declaration: Declaration, *, actor: str, **_options: object
) -> Outcome:
    files = answers.build_access_report(rq, declaration, actor=actor)
    return {"found": rq.subject is not None}, files


def _portability(
    rq: RightsRequest, declaration: Declaration, *, actor: str, **_options: object
) -> Outcome:
    files = answers.build_portability_export(rq, declaration, actor=actor)
    return {"found": rq.subject is not None}, files


def _erasure(
    rq: RightsRequest, declaration: Declaration, *, actor: str, **_options: object
) -> Outcome:
    subject = rq.subject
    if subject is None:
        return no_data_letter(rq, declaration)
    plan = plan_erasure(subject, declaration, today=timezone.localdate())
    results = erase_everywhere(subject, plan, actor=actor, reason=f"request {rq.pk}")
    summary = _erasure_summary(plan, results)
    return summary, [_erasure_letter(rq, declaration, plan, results)]


def _erasure_summary(plan: ErasurePlan, results: list[ErasureResult]) -> dict[str, object]:
    return {
        "found": True,
        "subject_erased": plan.erase_subject,
        "records_erased": len(plan.records_to_erase),
        "links_kept": len(plan.kept),
        "datastores": {
            r.datastore: {"erased": r.erased, "kept": r.kept, "failures": len(r.failures)}
            for r in results
        },
    }


def _erasure_letter(
    rq: RightsRequest,
    declaration: Declaration,
    plan: ErasurePlan,
    results: list[ErasureResult],
) -> answers.AnswerFile:
    lang = rq.language
    with translation.override(lang):
        if not plan.kept:
            lines = [_("We have erased all personal data we held about you.")]
        else:
            lines = [
                _(
                    "We have erased the personal data about you that we are not obliged to "
                    "keep. The law requires us to keep some of it; we now only store that data "
                    "and use it for nothing else (it is restricted), and we erase it when the "
                    "period below ends."
                )
            ]
        sections: list[Section] = []
        if plan.kept:
            rows = []
            for kept in plan.kept:
                activity = declaration.activities.get(kept.activity)
                name = activity.name.get(lang) if activity else kept.activity
                if kept.reason == KEPT_FOR_LEGAL_HOLD:
                    why = _("needed for legal claims (GDPR Art. 17(3)(e))")
                    until = (
                        date_in_words(kept.until, lang)
                        if kept.until
                        else _("until the legal claim is settled")
                    )
                else:
                    why = _("a legal obligation requires us to keep it (GDPR Art. 17(3)(b))")
                    until = (
                        date_in_words(kept.until, lang)
                        if kept.until
                        else _("no end date yet: it depends on events that have not happened")
                    )
                rows.append(
                    (category_label(kept.data_category, lang, declaration), name, why, until)
                )
            header = (_("Data"), _("Kept for"), _("Why"), _("Until"))
            sections.append(
                Section(
                    "kept",
                    _("What we keep, why and until when"),
                    "17(3)",
                    (Table(header, tuple(dict.fromkeys(rows))),),
                )
            )
        failed = [r for r in results if r.failures]
        if failed:
            sections.append(
                Section(
                    "pending",
                    _("Not yet completed"),
                    "",
                    (
                        Paragraph(
                            _(
                                "In some of our systems the erasure could not be completed "
                                "yet. We are following it up and will tell you when it is done."
                            )
                        ),
                    ),
                )
            )
    return letter(rq, declaration, lines, sections)


def _consents_in_force(subject: DataSubject) -> list[str]:
    latest: dict[str, bool] = {}
    for purpose, given in (
        ConsentEntry.objects.filter(subject=subject)
        .order_by("at", "id")
        .values_list("purpose", "given")
    ):
        latest[purpose] = given
    return [purpose for purpose, given in latest.items() if given]


def _consent_withdrawal(
    rq: RightsRequest,
    declaration: Declaration,
    *,
    actor: str,
    purposes: list[str] | None = None,
    **_options: object,
) -> Outcome:
    subject = rq.subject
    if subject is None:
        return no_data_letter(rq, declaration)
    wanted = list(dict.fromkeys(purposes)) if purposes else _consents_in_force(subject)
    withdrawn = []
    for purpose in wanted:
        entry = consent_actions.withdraw_consent(
            actor=actor,
            subject=subject,
            purpose=purpose,
            evidence={"reference": f"request {rq.pk}"},
        )
        if entry is not None:
            withdrawn.append(purpose)
    lang = rq.language
    with translation.override(lang):
        if withdrawn:
            names = [_purpose_name(declaration, p, lang) for p in withdrawn]
            lines = [
                _(
                    "We have registered that you withdraw your consent. It takes effect from "
                    "now; it does not affect what we did with your consent before."
                ),
            ]
            sections = [
                Section("withdrawn", _("Consents withdrawn"), "7(3)", (Items(tuple(names)),))
            ]
        else:
            lines = [_("We have no consent from you in force, so there was nothing to withdraw.")]
            sections = []
    return {"found": True, "withdrawn": withdrawn}, [letter(rq, declaration, lines, sections)]


def _purpose_name(declaration: Declaration, purpose: str, lang: str) -> str:
    consent = declaration.consent_purposes.get(purpose)
    return consent.text.get(lang) if consent is not None else purpose


def _restriction(
    rq: RightsRequest, declaration: Declaration, *, actor: str, reason: str = "", **_options: object
) -> Outcome:
    subject = rq.subject
    if subject is None:
        return no_data_letter(rq, declaration)
    why = clean_text(reason, field="reason", limit=MAX_REASON) or f"request {rq.pk}"
    already = subject.restricted_at is not None
    if not already:
        consent_actions.restrict_processing(actor=actor, subject=subject, reason=why)
    with translation.override(rq.language):
        lines = [
            _(
                "We have restricted the processing of your data (GDPR Art. 18). From now on we "
                "only store it: we use it for nothing else, and it is left out of every "
                "mailing list, until the restriction is lifted. We will tell you before we "
                "lift it."
            )
        ]
    return {"found": True, "already_restricted": already}, [letter(rq, declaration, lines)]


def _objection(
    rq: RightsRequest,
    declaration: Declaration,
    *,
    actor: str,
    objection: str = "direct_marketing",
    decision: str = "",
    activities: list[str] | None = None,
    reason: str = "",
    **_options: object,
) -> Outcome:
    clean_choice(objection, field="objection", choices=list(OBJECTION_TARGETS))
    subject = rq.subject
    if subject is None:
        return no_data_letter(rq, declaration)
    lang = rq.language
    if objection == "direct_marketing":
        consent_actions.object_to_direct_marketing(
            actor=actor, subject=subject, reference=f"request {rq.pk}"
        )
        with translation.override(lang):
            lines = [
                _(
                    "We have registered your objection to direct marketing (GDPR Art. 21(3)). "
                    "We no longer use your data for marketing, on any channel, from now on."
                )
            ]
        return {"found": True, "objection": objection}, [letter(rq, declaration, lines)]
    clean_choice(decision, field="decision", choices=list(OBJECTION_DECISIONS))
    if decision == "rejected":
        grounds = clean_text(reason, field="reason", limit=MAX_REASON, required=True)
        with translation.override(lang):
            lines = [
                _(
                    "We have considered your objection (GDPR Art. 21(1)). We continue the "
                    "processing because we have compelling legitimate grounds that override "
                    "your interests:"
                ),
                grounds,
                _("If you disagree, you can complain to the supervisory authority, %(authority)s.")
                % {"authority": declaration.controller.authority.name},
            ]
        summary: dict[str, object] = {"found": True, "objection": objection, "decision": decision}
        return summary, [letter(rq, declaration, lines)]
    scope = _interest_activities(declaration, activities)
    plan = plan_erasure(subject, declaration, today=timezone.localdate(), scope=scope)
    results = erase_everywhere(subject, plan, actor=actor, reason=f"request {rq.pk}")
    with translation.override(lang):
        names = [declaration.activities[k].name.get(lang) for k in sorted(scope)]
        lines = [
            _(
                "We have accepted your objection (GDPR Art. 21(1)) and stopped processing your "
                "data for the purposes below; the data held only for them is erased."
            )
        ]
        sections = [Section("stopped", _("Processing stopped"), "21(1)", (Items(tuple(names)),))]
    summary = {
        **_erasure_summary(plan, results),
        "objection": objection,
        "decision": decision,
        "activities": sorted(scope),
    }
    return summary, [letter(rq, declaration, lines, sections)]


def _interest_activities(declaration: Declaration, wanted: list[str] | None) -> frozenset[str]:
    """The legitimate-interest activities an upheld objection stops: ``wanted``
    (each must rest on legitimate interests), or all of them."""
    interests = {
        k for k, a in declaration.activities.items() if "legitimate_interest" in a.legal_bases
    }
    if not wanted:
        return frozenset(interests)
    unknown = [k for k in wanted if k not in interests]
    if unknown:
        raise RightsError(
            gettext_lazy(
                "activities: %(unknown)s do not rest on legitimate interests; an objection "
                "under Art. 21(1) can stop %(interests)s"
            ),
            unknown=", ".join(unknown),
            interests=", ".join(sorted(interests))
            if interests
            else KeyOrLabel("none", gettext_lazy("none")),
        )
    return frozenset(wanted)


_HANDLERS: dict[str, Callable[..., Outcome]] = {
    Kind.ACCESS: _access,
    Kind.PORTABILITY: _portability,
    Kind.ERASURE: _erasure,
    Kind.RECTIFICATION: apply_rectifications,
    Kind.RESTRICTION: _restriction,
    Kind.OBJECTION: _objection,
    Kind.CONSENT_WITHDRAWAL: _consent_withdrawal,
}
