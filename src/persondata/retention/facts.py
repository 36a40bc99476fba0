"""Gathering the facts the pure retention rules need, for many subjects at once.

A handful of queries per chunk of subjects (never one per link), so that a
recomputation after a declaration change walks a million subjects in
chunks instead of issuing millions of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Q

from persondata.retention.rules import SubjectFacts
from persondata.subjects.models import (
    ContactLink,
    DataSubject,
    Event,
    LegalHold,
    Relationship,
)

CONSENT_GIVEN = "consent_given:"
CONSENT_WITHDRAWN = "consent_withdrawn:"


@dataclass
class HoldSpan:
    """A legal hold as a span of days: ``ends_on`` None means until lifted."""

    activity: str | None
    starts_on: date
    ends_on: date | None


@dataclass
class SubjectState:
    """One subject's facts as of the recomputation, before per-link holds."""

    categories: frozenset[str]
    events: dict[str, date] = field(default_factory=dict)
    active_relationships: set[str] = field(default_factory=set)
    active_consents: set[str] = field(default_factory=set)
    holds: list[HoldSpan] = field(default_factory=list)
    _facts: SubjectFacts | None = None

    def facts(self) -> SubjectFacts:
        """The pure rules' view of this subject, built once per subject."""
        if self._facts is None:
            self._facts = SubjectFacts(
                categories=self.categories,
                events=self.events,
                active_relationships=frozenset(self.active_relationships),
                active_consents=frozenset(self.active_consents),
            )
        return self._facts


def _later(current: date | None, candidate: date) -> date:
    return candidate if current is None or candidate > current else current


def gather_states(
    subject_ids: Sequence[int], *, id_range: tuple[int, int] | None = None
) -> dict[int, SubjectState]:
    """The retention facts of every subject in ``subject_ids``.

    Relationships count for a subject when they are its own or those of an
    organisation it represents (SPEC 3). A relationship is active while it
    has no end date; an end date in the future still counts as the end, so
    the stored due date needs no recomputation when that day comes. Consent
    is active when the subject's latest consent event for the purpose is a
    ``consent_given`` (ties on the same day go to the later entry).
    ``id_range`` (inclusive), when given, selects the subjects by a range
    of ids instead of a list, which is much cheaper for large chunks.
    """
    if id_range is not None:
        low, high = id_range
        by_id = Q(id__gte=low, id__lte=high)
        by_subject = Q(subject_id__gte=low, subject_id__lte=high)
        by_person = Q(person_id__gte=low, person_id__lte=high)
    else:
        by_id = Q(id__in=subject_ids)
        by_subject = Q(subject_id__in=subject_ids)
        by_person = Q(person_id__in=subject_ids)
    states: dict[int, SubjectState] = {
        row["id"]: SubjectState(categories=frozenset(row["categories"] or ()))
        for row in DataSubject.objects.filter(by_id).values("id", "categories")
    }
    if not states:
        return states

    consent_latest: dict[tuple[int, str], tuple[date, int, bool]] = {}
    latest_events = (
        Event.objects.filter(by_subject)
        .values_list("subject_id", "name")
        .annotate(latest=Max("occurred_on"))
    )
    for event_subject, event_name, latest in latest_events:
        state = states[event_subject]
        state.events[event_name] = _later(state.events.get(event_name), latest)
    consent_rows = Event.objects.filter(by_subject, name__startswith="consent_").values_list(
        "subject_id", "name", "occurred_on", "id"
    )
    for subject_id, name, occurred_on, event_id in consent_rows:
        given = name.startswith(CONSENT_GIVEN)
        if not given and not name.startswith(CONSENT_WITHDRAWN):
            continue
        purpose = name.split(":", 1)[1]
        key = (subject_id, purpose)
        previous = consent_latest.get(key)
        if previous is None or (occurred_on, event_id) > (previous[0], previous[1]):
            consent_latest[key] = (occurred_on, event_id, given)
    for (subject_id, purpose), (_day, _id, given) in consent_latest.items():
        if given:
            states[subject_id].active_consents.add(purpose)

    organisation_members: dict[int, list[int]] = defaultdict(list)
    for person_id, organisation_id in ContactLink.objects.filter(by_person).values_list(
        "person_id", "organisation_id"
    ):
        organisation_members[organisation_id].append(person_id)
    own = Relationship.objects.filter(by_subject).values_list(
        "subject_id", "kind", "started", "ended"
    )
    _apply_relationships(
        states,
        (
            (subject_id, kind, started, ended)
            for subject_id, kind, started, ended in own
            if subject_id
        ),
    )
    if organisation_members:
        shared = Relationship.objects.filter(
            organisation_id__in=list(organisation_members)
        ).values_list("organisation_id", "kind", "started", "ended")
        _apply_relationships(
            states,
            (
                (person_id, kind, started, ended)
                for organisation_id, kind, started, ended in shared
                for person_id in organisation_members[organisation_id]
            ),
        )

    holds = LegalHold.objects.filter(by_subject, lifted_at__isnull=True).values_list(
        "subject_id", "activity", "starts_on", "ends_on"
    )
    for hold_subject, activity, starts_on, ends_on in holds:
        states[hold_subject].holds.append(HoldSpan(activity, starts_on, ends_on))
    return states


def _apply_relationships(
    states: dict[int, SubjectState], rows: Iterable[tuple[int, str, date, date | None]]
) -> None:
    for subject_id, kind, started, ended in rows:
        state = states[subject_id]
        for name in ("relationship_started", f"relationship_started:{kind}"):
            state.events[name] = _later(state.events.get(name), started)
        if ended is None:
            state.active_relationships.add(kind)
            continue
        for name in ("relationship_ended", f"relationship_ended:{kind}"):
            state.events[name] = _later(state.events.get(name), ended)
