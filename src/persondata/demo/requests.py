"""A handful of rights requests for the demo, so that a new user sees the
request queue at work: one overdue, one due in two days, one extended with
a reason, one answered and closed.

Each is made through ``persondata.rights`` actions (audited, with their
history), as staff would make them, dated back from ``today``. The people
are demo subjects with an e-mail address, picked with the demo's seed, so
the same seed gives the same requests on the same day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from persondata.policy.schema import Declaration
from persondata.rights import actions, delivery, execution
from persondata.rights.deadlines import response_deadline
from persondata.rights.models import RightsRequest
from persondata.subjects.models import DataSubject

ACTOR = "demo generator"
VERIFIED_HOW = "ringet tilbage på det telefonnummer, vi har registreret"


@dataclass(frozen=True)
class DemoRequests:
    overdue: RightsRequest
    due_soon: RightsRequest
    extended: RightsRequest
    closed: RightsRequest


def _received(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _received_for_deadline(due: date, *, declaration: Declaration) -> date:
    """The latest day of receipt whose answer deadline is ``due``."""
    promised = declaration.controller.response_days
    for back in range(1, 45):
        received = due - timedelta(days=back)
        if response_deadline(received, promised_days=promised) == due:
            return received
    raise ValueError(f"no day of receipt gives the deadline {due.isoformat()}")


def _people(seed: int, count: int) -> list[DataSubject]:
    """``count`` demo subjects with an e-mail address and no legal hold; []
    when the register has fewer (a small demo then has no requests)."""
    candidates = list(
        DataSubject.objects.exclude(email="")
        .filter(legal_holds__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(candidates) < count:
        return []
    chosen = random.Random(seed).sample(candidates, count)  # noqa: S311 (demo data)
    by_pk = DataSubject.objects.in_bulk(chosen)
    return [by_pk[pk] for pk in chosen]


def _receive(person: DataSubject, *, kind: str, received: date, message: str) -> RightsRequest:
    rights_request = actions.receive_request(
        actor=ACTOR,
        kind=kind,
        channel="web",
        claimed_name=person.display_name,
        claimed_email=person.email,
        message=message,
        language=person.language,
        received_at=_received(received),
    )
    return actions.verify_identity(
        actor=ACTOR, rights_request=rights_request, how=VERIFIED_HOW, subject=person
    )


def create_demo_requests(
    *, seed: int, today: date, declaration: Declaration
) -> DemoRequests | None:
    """Make the four demo requests (see the module's docstring); None, making
    none, when the register has fewer than four subjects with an e-mail
    address and no legal hold. Raises RightsError if the rights workflow
    refuses a step (the caller's transaction then undoes them all).
    """
    people = _people(seed, 4)
    if not people:
        return None
    overdue_person, soon_person, extended_person, closed_person = people
    overdue = _receive(
        overdue_person,
        kind="access",
        received=_received_for_deadline(today - timedelta(days=3), declaration=declaration),
        message="Jeg vil gerne vide, hvilke oplysninger I har om mig.",
    )
    due_soon = _receive(
        soon_person,
        kind="erasure",
        received=_received_for_deadline(today + timedelta(days=2), declaration=declaration),
        message="Slet venligst alt, hvad I har om mig.",
    )
    extended = _receive(
        extended_person,
        kind="access",
        received=today - timedelta(days=20),
        message="Send mig en kopi af alle mine oplysninger, også optagelser af opkald.",
    )
    actions.extend_deadline(
        actor=ACTOR,
        rights_request=extended,
        months=2,
        reason="Optagelserne ligger i tre systemer hos to leverandører og skal gennemgås.",
        notice="post",
    )
    closed = _receive(
        closed_person,
        kind="access",
        received=today - timedelta(days=12),
        message="Hvad har I registreret om mig?",
    )
    execution.execute_request(actor=ACTOR, rights_request=closed)
    delivery.answer_request(actor=ACTOR, rights_request=closed, delivery="post")
    actions.close_request(actor=ACTOR, rights_request=closed, outcome="completed")
    return DemoRequests(
        overdue=_refreshed(overdue),
        due_soon=_refreshed(due_soon),
        extended=_refreshed(extended),
        closed=_refreshed(closed),
    )


def _refreshed(rights_request: RightsRequest) -> RightsRequest:
    rights_request.refresh_from_db()
    return rights_request
