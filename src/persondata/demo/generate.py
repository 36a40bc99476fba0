"""Fill the register with generated demo subjects, through the register's actions.

``plan.py`` decides what the register will hold (from the applied
declaration, no database); this module carries the plan out with
``persondata.subjects.actions`` only (consents with ``persondata.consent.actions``,
so the ledger holds each with its text version, channel and evidence, and
fires the consent events itself), so every row is validated, audited and
has its due dates computed, exactly as if staff had typed it in. It all
happens in one transaction: a refused value leaves the register as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from persondata.consent import actions as consent_actions
from persondata.consent.errors import ConsentError
from persondata.demo.plan import DemoPlan, PlannedSubject, plan_demo_register
from persondata.demo.requests import create_demo_requests
from persondata.policy.queries import current_declaration
from persondata.retention import engine
from persondata.rights.checks import RightsError
from persondata.subjects import actions
from persondata.subjects.models import Organisation

ACTOR = "demo generator"


class DemoDataError(RuntimeError):
    """The demo register cannot be generated; nothing was written."""


@dataclass(frozen=True)
class DemoSummary:
    subjects: int
    organisations: int
    records: int
    events: int  # consent events included
    consents: int  # consents given; withdrawn ones included
    withdrawals: int
    legal_holds: int
    activities: int
    requests: int  # rights requests in different states (demo/requests.py)


def generate_demo_register(
    *, count: int, seed: int, progress: Callable[[int, int], None] | None = None
) -> DemoSummary:
    """Create ``count`` demo subjects, spread over the applied declaration's
    activities, with records, relationships, consents, events and two legal
    holds dated before today (Faker, locale da_DK; see ``plan.py``), then
    four rights requests in different states (``requests.py``).

    Deterministic for a given seed, declaration and day. Raises
    DemoDataError, writing nothing, when no declaration is applied or when
    the register refuses a generated value (the message names which);
    ValueError for a negative count. ``progress(done, total)`` is called
    after each subject.
    """
    declaration = current_declaration()
    if declaration is None:
        raise DemoDataError(
            "no declaration has been applied, so there are no activities to fill; run "
            "'persondata policy apply examples/demo.yaml' first"
        )
    today = timezone.localdate()
    plan = plan_demo_register(declaration, count=count, seed=seed, today=today)
    try:
        with transaction.atomic():
            with engine.deferred_recompute():
                _carry_out(plan, progress)
            requests = create_demo_requests(seed=seed, today=today, declaration=declaration)
    except actions.RegisterError as exc:
        raise DemoDataError(f"the register refused a generated value: {exc}") from exc
    except ConsentError as exc:
        raise DemoDataError(f"the consent ledger refused a generated consent: {exc}") from exc
    except RightsError as exc:
        raise DemoDataError(f"the rights workflow refused a demo request: {exc}") from exc
    consents = sum(len(s.consents) for s in plan.subjects)
    withdrawals = sum(1 for s in plan.subjects for c in s.consents if c.withdrawn_at is not None)
    return DemoSummary(
        subjects=len(plan.subjects),
        organisations=len(plan.organisations),
        records=sum(len(s.records) for s in plan.subjects),
        events=sum(len(s.events) for s in plan.subjects) + consents + withdrawals,
        consents=consents,
        withdrawals=withdrawals,
        legal_holds=sum(1 for s in plan.subjects if s.hold is not None),
        activities=len(plan.activities_with_records),
        requests=0 if requests is None else 4,
    )


def _carry_out(plan: DemoPlan, progress: Callable[[int, int], None] | None) -> None:
    organisations: list[Organisation] = []
    for planned in plan.organisations:
        organisation = actions.create_organisation(actor=ACTOR, name=planned.name, cvr=planned.cvr)
        if planned.kind is not None:
            relationship = actions.start_relationship(
                actor=ACTOR, kind=planned.kind, started=planned.started, organisation=organisation
            )
            if planned.ended is not None:
                actions.end_relationship(
                    actor=ACTOR, relationship=relationship, ended=planned.ended
                )
        organisations.append(organisation)
    for done, planned_subject in enumerate(plan.subjects, start=1):
        _carry_out_subject(planned_subject, organisations)
        if progress is not None:
            progress(done, len(plan.subjects))


def _carry_out_subject(planned: PlannedSubject, organisations: list[Organisation]) -> None:
    person = planned.person
    subject = actions.create_subject(
        actor=ACTOR,
        display_name=person.name,
        categories=[planned.category],
        email=person.email if planned.use_email else "",
        phone=person.phone if planned.use_phone else "",
        cpr=person.cpr if planned.use_cpr else "",
        language=planned.language,
    )
    relationship = None
    if planned.relationship is not None:
        relationship = actions.start_relationship(
            actor=ACTOR, kind=planned.category, started=planned.relationship[0], subject=subject
        )
    link = None
    if planned.contact is not None:
        link = actions.add_contact_link(
            actor=ACTOR,
            person=subject,
            organisation=organisations[planned.contact.organisation],
            role=planned.contact.role,
            started=planned.contact.started,
        )
    for record in planned.records:
        actions.add_record(
            actor=ACTOR,
            subject=subject,
            data_category=record.data_category,
            value=record.value,
            source=record.source,
            collected_at=record.collected,
            activities=record.activities,
        )
    for consent in planned.consents:
        consent_actions.give_consent(
            actor=ACTOR,
            subject=subject,
            purpose=consent.purpose,
            channel=consent.channel,
            evidence=dict(consent.evidence),
            at=consent.given_at,
        )
        if consent.withdrawn_at is not None and consent.withdrawal_channel is not None:
            consent_actions.withdraw_consent(
                actor=ACTOR,
                subject=subject,
                purpose=consent.purpose,
                channel=consent.withdrawal_channel,
                evidence=dict(consent.withdrawal_evidence),
                at=consent.withdrawn_at,
            )
    for name, day in sorted(planned.events, key=lambda event: event[1]):
        actions.record_event(actor=ACTOR, subject=subject, name=name, occurred_on=day)
    if relationship is not None and planned.relationship and planned.relationship[1]:
        actions.end_relationship(
            actor=ACTOR, relationship=relationship, ended=planned.relationship[1]
        )
    if link is not None and planned.contact and planned.contact.employment_ended:
        actions.end_employment(actor=ACTOR, link=link, ended=planned.contact.employment_ended)
    if planned.hold is not None:
        actions.set_legal_hold(
            actor=ACTOR,
            subject=subject,
            reason=planned.hold.reason,
            starts_on=planned.hold.starts_on,
            ends_on=planned.hold.ends_on,
        )
