"""The demo has rights requests in different states, made through the
rights actions (audited), the same for the same seed and day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from persondata.audit.models import AuditEntry
from persondata.audit.queries import verify_chain
from persondata.demo.generate import ACTOR, generate_demo_register
from persondata.demo.requests import _people
from persondata.rights.models import RequestStep, RightsRequest

COUNT = 20
SEED = 2026


@pytest.fixture
def generated(demo_declaration):
    return generate_demo_register(count=COUNT, seed=SEED)


def test_four_requests_one_overdue_one_due_in_two_days_one_extended_one_closed(generated):
    today = timezone.localdate()
    assert generated.requests == RightsRequest.objects.count() == 4
    open_requests = RightsRequest.objects.exclude(status=RightsRequest.Status.CLOSED)
    deadlines = sorted(r.deadline for r in open_requests if r.deadline is not None)
    assert len(deadlines) == 3
    assert deadlines[0] < today  # overdue
    assert deadlines[1] == today + timedelta(days=2)
    extended = RightsRequest.objects.get(extended_until__isnull=False)
    assert extended.extended_until is not None
    assert extended.extended_until > today + timedelta(days=30)
    step = extended.steps.get(kind=RequestStep.Kind.EXTENDED)
    assert step.text or step.detail.get("reason")
    closed = RightsRequest.objects.get(status=RightsRequest.Status.CLOSED)
    kinds = set(closed.steps.values_list("kind", flat=True))
    assert {RequestStep.Kind.EXECUTED, RequestStep.Kind.ANSWERED} <= kinds
    assert all(r.subject is not None and r.verified_at for r in RightsRequest.objects.all())


def test_the_requests_are_audited_by_the_rights_actions(generated):
    assert AuditEntry.objects.filter(action="rights.receive", actor=ACTOR).count() == 4
    assert AuditEntry.objects.filter(action="rights.close", actor=ACTOR).count() == 1
    assert verify_chain().ok


def test_the_same_seed_picks_the_same_people(generated):
    chosen = [r.subject_id for r in RightsRequest.objects.order_by("pk")]
    assert [p.pk for p in _people(SEED, 4)] == chosen
    assert [p.pk for p in _people(SEED + 1, 4)] != chosen


def test_a_register_too_small_gets_no_requests(demo_declaration):
    summary = generate_demo_register(count=2, seed=SEED)
    assert summary.requests == 0 and not RightsRequest.objects.exists()
