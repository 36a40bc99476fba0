"""Gathering the facts the pure retention rules need, for many subjects at once.

A handful of queries per chunk of subjects (never one per link), so that a
recomputation after a declaration change walks a million subjects in
chunks instead of issuing millions of queries.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection

from persondata.lib.sql import one_of, table_names
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
        params: list[Any] = list(id_range)
        among = "BETWEEN %s AND %s"
    else:
        if not subject_ids:
            return {}
        among, params = one_of(list(subject_ids))
    read = _Reader()
    states: dict[int, SubjectState] = {
        subject_id: SubjectState(categories=read.categories(categories))
        for subject_id, categories in _fetch(SUBJECTS, among, params)
    }
    if not states:
        return states

    for event_subject, event_name, latest in _fetch(LATEST_EVENTS, among, params):
        state = states[event_subject]
        state.events[event_name] = _later(state.events.get(event_name), read.day(latest))
    consent_latest: dict[tuple[int, str], tuple[date, int, bool]] = {}
    for subject_id, name, occurred_on, event_id in _fetch(CONSENT_EVENTS, among, params):
        given = name.startswith(CONSENT_GIVEN)
        if not given and not name.startswith(CONSENT_WITHDRAWN):
            continue
        purpose = name.split(":", 1)[1]
        key = (subject_id, purpose)
        day = read.day(occurred_on)
        previous = consent_latest.get(key)
        if previous is None or (day, event_id) > (previous[0], previous[1]):
            consent_latest[key] = (day, event_id, given)
    for (subject_id, purpose), (_day, _id, given) in consent_latest.items():
        if given:
            states[subject_id].active_consents.add(purpose)

    organisation_members: dict[int, list[int]] = defaultdict(list)
    for person_id, organisation_id in _fetch(CONTACT_LINKS, among, params):
        organisation_members[organisation_id].append(person_id)
    _apply_relationships(
        states,
        (
            (subject_id, kind, read.day(started), read.optional_day(ended))
            for subject_id, kind, started, ended in _fetch(OWN_RELATIONSHIPS, among, params)
        ),
    )
    if organisation_members:
        shared_among, shared_params = one_of(list(organisation_members))
        _apply_relationships(
            states,
            (
                (person_id, kind, read.day(started), read.optional_day(ended))
                for organisation_id, kind, started, ended in _fetch(
                    SHARED_RELATIONSHIPS, shared_among, shared_params
                )
                for person_id in organisation_members[organisation_id]
            ),
        )

    for hold_subject, activity, starts_on, ends_on in _fetch(HOLDS, among, params):
        states[hold_subject].holds.append(
            HoldSpan(activity, read.day(starts_on), read.optional_day(ends_on))
        )
    return states


# Plain statements (the ORM's per-row conversions were a third of a
# recomputation's Python time). Only table names and the selection of
# subjects ({among}: a range or a list) are filled in; values are parameters.
SUBJECTS = "SELECT id, categories FROM {subjects} WHERE id {among}"
LATEST_EVENTS = (
    "SELECT subject_id, name, MAX(occurred_on) FROM {events} WHERE subject_id {among} "
    "GROUP BY subject_id, name"
)
CONSENT_EVENTS = (
    "SELECT subject_id, name, occurred_on, id FROM {events} "
    "WHERE subject_id {among} AND name LIKE 'consent\\_%%' ESCAPE '\\'"
)
CONTACT_LINKS = "SELECT person_id, organisation_id FROM {contact_links} WHERE person_id {among}"
OWN_RELATIONSHIPS = (
    "SELECT subject_id, kind, started, ended FROM {relationships} WHERE subject_id {among}"
)
SHARED_RELATIONSHIPS = (
    "SELECT organisation_id, kind, started, ended FROM {relationships} "
    "WHERE organisation_id {among}"
)
HOLDS = (
    "SELECT subject_id, activity, starts_on, ends_on FROM {holds} "
    "WHERE subject_id {among} AND lifted_at IS NULL"
)
_TABLES = {
    "subjects": DataSubject,
    "events": Event,
    "contact_links": ContactLink,
    "relationships": Relationship,
    "holds": LegalHold,
}


def _fetch(template: str, among: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(template.format(among=among, **table_names(_TABLES)), params)
        return cursor.fetchall()


class _Reader:
    """Raw column values as Python values, each distinct value converted once
    (SQLite gives dates and JSON as text; PostgreSQL gives dates, and JSON
    as text or already read, depending on the driver's set-up)."""

    def __init__(self) -> None:
        self.days: dict[Any, date] = {}
        self.category_sets: dict[Any, frozenset[str]] = {}

    def day(self, value: Any) -> date:
        found = self.days.get(value)
        if found is None:
            found = self.days[value] = (
                value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
            )
        return found

    def optional_day(self, value: Any) -> date | None:
        return None if value is None else self.day(value)

    def categories(self, value: Any) -> frozenset[str]:
        if not isinstance(value, str):
            return frozenset(value or ())
        found = self.category_sets.get(value)
        if found is None:
            found = self.category_sets[value] = frozenset(json.loads(value) or ())
        return found


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
