"""When a purpose link is due for erasure: the retention semantics of SPEC section 3.

Pure functions over the declaration's rules and plain facts; no database.
The engine gathers the facts, calls ``compute_due`` for each (record,
activity) link and stores the result.

The rules, in the order they are applied (GDPR Art. 5(1)(e), storage
limitation):

1. A legal hold on the subject stops everything: no due date.
2. Only rules whose selectors match apply: the subject has one of the
   rule's ``subjects`` (when given) and the record's data category is one
   of the rule's ``data`` or below one of them (when given).
3. Keep rules: each is due at end_of_period(date(EVENT)) + keep, plus
   ``extend.by`` while consent ``extend.consent`` is active. The link is held
   until the latest of them; indefinitely if any applicable keep rule's
   event has not occurred, or if no keep rule applies.
4. Trigger rules: each occurred trigger is due at date(EVENT) + within; the
   earliest one wins over the keep rules when it is earlier.

An event has occurred when its date is known and it is not undone:
``relationship_ended`` is undone while any relationship is active,
``relationship_ended:<kind>`` while a relationship of that kind is active,
``consent_withdrawn:<purpose>`` while that consent is active again.
``collected`` is the record's own collection date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from persondata.lib.dates import (
    CALENDAR_YEAR_END,
    YearEnd,
    check_year_end,
    end_of_calendar_year,
    end_of_financial_year,
    require_date,
)
from persondata.policy.schema import Activity, KeepRule, TriggerRule

COLLECTED = "collected"
RELATIONSHIP_ENDED = "relationship_ended"
CONSENT_WITHDRAWN = "consent_withdrawn"


def _names(value: object, *, what: str) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, frozenset | set | list | tuple):
        raise TypeError(f"{what} must be a set of names, got {value!r}")
    names = frozenset(value)
    for name in names:
        if not isinstance(name, str) or not name:
            raise TypeError(f"{what} must hold non-empty names, got {name!r}")
    return names


@dataclass(frozen=True)
class SubjectFacts:
    """What retention needs to know about one data subject, as of today.

    ``events`` maps an event name to the date of its latest occurrence
    ("last_contact", "employment_ended", "consent_withdrawn:newsletter",
    "relationship_ended" for the latest end of any relationship,
    "relationship_ended:customer" for the latest end of that kind, ...).
    ``active_relationships`` are the relationship kinds active today (a
    contact person's are those of the organisation they represent);
    ``active_consents`` the consent purposes active today. ``on_hold`` is
    True while a legal hold covers this subject.
    """

    categories: frozenset[str]
    # Left out of the hash (a mapping has none); equality still compares it.
    events: Mapping[str, date] = field(default_factory=dict, hash=False)
    active_relationships: frozenset[str] = frozenset()
    active_consents: frozenset[str] = frozenset()
    on_hold: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "categories", _names(self.categories, what="SubjectFacts.categories")
        )
        object.__setattr__(
            self,
            "active_relationships",
            _names(self.active_relationships, what="SubjectFacts.active_relationships"),
        )
        object.__setattr__(
            self,
            "active_consents",
            _names(self.active_consents, what="SubjectFacts.active_consents"),
        )
        if not isinstance(self.events, Mapping):
            raise TypeError(
                f"SubjectFacts.events must map event names to dates, got {self.events!r}"
            )
        for name, day in self.events.items():
            if not isinstance(name, str) or not name:
                raise TypeError(f"SubjectFacts.events has a key that is not a name: {name!r}")
            if name == COLLECTED:
                raise ValueError(
                    "SubjectFacts.events must not hold 'collected': it is the record's own "
                    "date, given as RecordFacts.collected"
                )
            require_date(day, name=f"SubjectFacts.events[{name!r}]")
        # A read-only copy, so that the frozen facts cannot change underneath a result.
        object.__setattr__(self, "events", MappingProxyType(dict(self.events)))
        if not isinstance(self.on_hold, bool):
            raise TypeError(f"SubjectFacts.on_hold must be True or False, got {self.on_hold!r}")


@dataclass(frozen=True)
class RecordFacts:
    """One record's data category (a fideslang or declared key) and collection date."""

    data_category: str
    collected: date

    def __post_init__(self) -> None:
        if not isinstance(self.data_category, str) or not self.data_category:
            raise TypeError(
                f"RecordFacts.data_category must be a data category key, got {self.data_category!r}"
            )
        require_date(self.collected, name="RecordFacts.collected")


@dataclass(frozen=True)
class Due:
    """A due date and why.

    ``on`` None means no due date: the data is kept while it is justified.
    ``rule_index`` is the index in ``activity.retention`` of the rule that
    set the date (or, when kept indefinitely, that holds it), None when no
    single rule does (a legal hold, no applicable rule, a whole record).
    ``reason`` is a short English explanation for staff.
    """

    on: date | None
    rule_index: int | None
    reason: str

    def is_due(self, today: date) -> bool:
        """True when there is a due date and it is ``today`` or earlier."""
        require_date(today, name="today")
        return self.on is not None and self.on <= today


def anchor_date(event: str, *, record: RecordFacts, subject: SubjectFacts) -> date | None:
    """The date of ``event`` for this record and subject, None when it has not occurred.

    ``collected`` is the record's collection date. ``relationship_ended`` has
    not occurred while any relationship is active; ``relationship_ended:K``
    while a relationship of kind K is active; ``consent_withdrawn:P`` while
    consent P is active. ``consent_given:P`` and every other event has
    occurred when it has a date in ``subject.events`` (its latest occurrence).
    """
    if event == COLLECTED:
        return record.collected
    name, _, qualifier = event.partition(":")
    if name == RELATIONSHIP_ENDED:
        if qualifier and qualifier in subject.active_relationships:
            return None
        if not qualifier and subject.active_relationships:
            return None
    if name == CONSENT_WITHDRAWN and qualifier in subject.active_consents:
        return None
    return subject.events.get(event)


def category_matches(data_category: str, selector: str) -> bool:
    """True when ``data_category`` is ``selector`` or one of its children.

    ``user.contact`` matches ``user.contact.email`` but not ``user.contacts``.
    """
    return data_category == selector or data_category.startswith(selector + ".")


def rule_applies(
    rule: KeepRule | TriggerRule, *, record: RecordFacts, subject: SubjectFacts
) -> bool:
    """True when the rule's selectors (``subjects``, ``data``, each optional) match the link."""
    if rule.subjects is not None and not subject.categories.intersection(rule.subjects):
        return False
    return rule.data is None or any(
        category_matches(record.data_category, selector) for selector in rule.data
    )


def _keep_due(
    rule: KeepRule, *, record: RecordFacts, subject: SubjectFacts, year_end: YearEnd
) -> tuple[date | None, str]:
    anchor = anchor_date(rule.after, record=record, subject=subject)
    if anchor is None:
        return None, f"kept while {rule.after} has not occurred ({rule.keep} after it)"
    start = anchor
    reason = f"{rule.keep} after {rule.after} ({anchor.isoformat()})"
    if rule.until_end_of == "financial_year":
        start = end_of_financial_year(anchor, year_end)
        reason += f", from the end of the financial year ({start.isoformat()})"
    elif rule.until_end_of == "calendar_year":
        start = end_of_calendar_year(anchor)
        reason += f", from the end of the calendar year ({start.isoformat()})"
    due = rule.keep.add_to(start)
    if rule.extend is not None and rule.extend.consent in subject.active_consents:
        due = rule.extend.by.add_to(due)
        reason += f", +{rule.extend.by} while consent {rule.extend.consent} is active"
    return due, reason


def _trigger_due(
    rule: TriggerRule, *, record: RecordFacts, subject: SubjectFacts
) -> tuple[date, str] | None:
    occurred = anchor_date(rule.on, record=record, subject=subject)
    if occurred is None:
        return None
    return rule.within.add_to(occurred), f"{rule.within} after {rule.on} ({occurred.isoformat()})"


def _keep_part(
    activity: Activity, *, record: RecordFacts, subject: SubjectFacts, year_end: YearEnd
) -> Due:
    """The keep rules' verdict alone: the latest applicable due date, or none."""
    latest: Due | None = None
    for index, rule in enumerate(activity.retention):
        if not isinstance(rule, KeepRule) or not rule_applies(rule, record=record, subject=subject):
            continue
        due, reason = _keep_due(rule, record=record, subject=subject, year_end=year_end)
        if due is None:
            # One rule that still holds keeps the link, whatever the others say.
            return Due(on=None, rule_index=index, reason=reason)
        if latest is None or latest.on is None or due > latest.on:
            latest = Due(on=due, rule_index=index, reason=reason)
    if latest is None:
        return Due(on=None, rule_index=None, reason="no keep rule applies")
    return latest


def compute_due(
    activity: Activity,
    *,
    record: RecordFacts,
    subject: SubjectFacts,
    year_end: YearEnd = CALENDAR_YEAR_END,
) -> Due:
    """The due date of the link between ``record`` and ``activity`` (SPEC section 3).

    ``year_end`` is the controller's financial year end as (month, day)
    (``Controller.year_end``); (2, 28) means the end of February. Returns a
    Due with ``on`` None when the link is kept while justified: under a legal
    hold, when an applicable keep rule's event has not occurred, or when no
    keep rule applies and no applicable trigger has occurred. Raises
    ValueError for a bad ``year_end`` and TypeError for facts of the wrong
    type.
    """
    if not isinstance(activity, Activity):
        raise TypeError(f"activity must be a declaration Activity, got {type(activity).__name__}")
    if not isinstance(record, RecordFacts):
        raise TypeError(f"record must be RecordFacts, got {type(record).__name__}")
    if not isinstance(subject, SubjectFacts):
        raise TypeError(f"subject must be SubjectFacts, got {type(subject).__name__}")
    year_end = check_year_end(year_end)
    if subject.on_hold:
        return Due(on=None, rule_index=None, reason="a legal hold stops erasure while it lasts")

    keep = _keep_part(activity, record=record, subject=subject, year_end=year_end)
    earliest: tuple[date, int, str] | None = None
    for index, rule in enumerate(activity.retention):
        if not isinstance(rule, TriggerRule):
            continue
        if not rule_applies(rule, record=record, subject=subject):
            continue
        fired = _trigger_due(rule, record=record, subject=subject)
        if fired is not None and (earliest is None or fired[0] < earliest[0]):
            earliest = (fired[0], index, fired[1])

    if earliest is None:
        if keep.on is None and keep.rule_index is None:
            return Due(
                on=None,
                rule_index=None,
                reason="no keep rule applies and no trigger has occurred",
            )
        return keep
    if keep.on is None or earliest[0] < keep.on:
        on, index, reason = earliest
        if keep.on is None:
            reason += "; the keep rules alone would keep it"
        else:
            reason += f", before the keep rules' {keep.on.isoformat()}"
        return Due(on=on, rule_index=index, reason=reason)
    return keep


def review_due(activity: Activity, *, last_confirmed: date) -> date | None:
    """When a record held for ``activity`` must next be confirmed or updated.

    last_confirmed + ``activity.review_every``; None when the activity
    declares no review interval.
    """
    require_date(last_confirmed, name="last_confirmed")
    if activity.review_every is None:
        return None
    return activity.review_every.add_to(last_confirmed)


def record_due(link_dues: Sequence[Due]) -> Due:
    """The due date of a record from the due dates of all its purpose links.

    A record lives while any link is justified: it is due only when every
    link is due, on the latest of their dates. ``on`` is None when any link
    has no due date. Raises ValueError for an empty list: a record without
    purpose links is not justified by anything and must be handled as an
    error by the caller, not given a made-up date.
    """
    if isinstance(link_dues, Due) or not isinstance(link_dues, Sequence):
        raise TypeError("link_dues must be a list of Due, one per purpose link")
    if not link_dues:
        raise ValueError("a record needs at least one purpose link to have a due date")
    for position, due in enumerate(link_dues):
        if not isinstance(due, Due):
            raise TypeError(f"link_dues[{position}] must be a Due, got {type(due).__name__}")
    dated: list[tuple[date, int, Due]] = []
    for position, due in enumerate(link_dues):
        if due.on is None:
            return Due(on=None, rule_index=None, reason=f"link {position} is kept: {due.reason}")
        dated.append((due.on, -position, due))
    on, minus_position, last = max(dated, key=lambda item: (item[0], item[1]))
    return Due(
        on=on,
        rule_index=None,
        reason=f"all {len(link_dues)} links are due; the last is link {-minus_position}: "
        f"{last.reason}",
    )
