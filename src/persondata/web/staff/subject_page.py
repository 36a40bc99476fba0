"""What the staff subject page shows, gathered in one place (reads only).

Records are grouped by the activity they are held for, each with the
activity's legal bases, the record's source and collection date, and its
due date with the retention rule that set it in words
(``documents/retention_wording.describe_rule``). Encrypted values are not
decrypted here: the page offers an audited "reveal" instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from persondata.consent.models import ConsentEntry
from persondata.consent.queries import PurposeState, consent_states
from persondata.documents.gdpr_wording import legal_basis_short
from persondata.documents.labels import category_label
from persondata.documents.retention_wording import describe_duration, describe_rule
from persondata.policy.schema import Activity, Declaration
from persondata.retention.engine import due_reasons
from persondata.rights.models import RightsRequest
from persondata.subjects.models import DataSubject, Event, LegalHold, PurposeLink, Relationship
from persondata.subjects.queries import relationships_of
from persondata.web.staff.register_names import (
    channel_name,
    event_name,
    purpose_name,
    purpose_text,
    source_name,
    subject_category_name,
)


@dataclass
class RecordRow:
    record_id: int
    category: str
    value: str | None  # None: encrypted, not revealed
    source: str  # in words, in the page's language
    collected: date
    due_on: date | None
    rule: str  # the rule that set due_on, in words, in the page's language
    reason: str  # the engine's trace (English, as the audit and the CLI show it)
    restricted: bool


@dataclass
class ActivityGroup:
    key: str
    name: str
    legal_bases: list[str]
    rows: list[RecordRow] = field(default_factory=list)


@dataclass(frozen=True)
class NamedConsent:
    name: str
    text: str  # the declared consent text ("" if no longer declared)
    state: PurposeState


@dataclass(frozen=True)
class NamedConsentEntry:
    name: str
    channel: str
    entry: ConsentEntry


@dataclass(frozen=True)
class NamedRelationship:
    name: str
    relationship: Relationship


@dataclass(frozen=True)
class NamedEvent:
    name: str
    event: Event


@dataclass(frozen=True)
class TimelineItem:
    at: date
    text: str


@dataclass
class SubjectPage:
    subject: DataSubject
    categories: list[str]  # the subject's categories by name
    groups: list[ActivityGroup]
    relationships: list[NamedRelationship]
    holds: list[LegalHold]
    active_hold_ids: set[int]
    events: list[NamedEvent]
    consents: list[NamedConsent]
    consent_history: list[NamedConsentEntry]
    requests: list[RightsRequest]
    timeline: list[TimelineItem]


def _groups(
    subject: DataSubject,
    declaration: Declaration | None,
    lang: str,
    revealed: dict[int, str],
    holds: list[LegalHold],
) -> list[ActivityGroup]:
    links = (
        PurposeLink.objects.filter(record__subject=subject)
        .select_related("record")
        .order_by("activity", "record__data_category", "record_id")
    )
    reasons = due_reasons([subject.pk], declaration=declaration)
    groups: dict[str, ActivityGroup] = {}
    for link in links:
        activity = declaration.activities.get(link.activity) if declaration else None
        group = groups.get(link.activity)
        if group is None:
            group = ActivityGroup(
                key=link.activity,
                name=activity.name.get(lang) if activity else link.activity,
                legal_bases=[legal_basis_short(b) for b in activity.legal_bases]
                if activity
                else [],
            )
            groups[link.activity] = group
        rule_text = (
            _rule_in_words(link, activity, declaration, lang, holds)
            if declaration is not None and activity is not None
            else ""
        )
        record = link.record
        group.rows.append(
            RecordRow(
                record_id=record.pk,
                category=(
                    category_label(record.data_category, lang, declaration)
                    if declaration
                    else record.data_category
                ),
                value=revealed.get(record.pk) if record.is_encrypted else record.value,
                source=source_name(record.source, lang, declaration),
                collected=timezone.localdate(record.collected_at),
                due_on=link.due_on,
                rule=rule_text,
                reason=reasons.get(link.pk, ""),
                restricted=link.restricted,
            )
        )
    return list(groups.values())


def _rule_in_words(
    link: PurposeLink,
    activity: Activity,
    declaration: Declaration,
    lang: str,
    holds: list[LegalHold],
) -> str:
    """What set the link's due date, in ``lang``: the retention rule
    (``due_rule``), else the activity's review or a legal hold; "" when
    nothing can be said (the engine's English trace is still shown)."""
    if link.due_rule is not None:
        if link.due_rule < len(activity.retention):
            return describe_rule(
                activity.retention[link.due_rule], lang, declaration, activity=activity
            )
        return ""
    # No rule index: the engine set the date from the activity's review, or
    # a legal hold (or no rule applying) keeps the record without a date.
    if link.due_on is not None and activity.review_every is not None:
        return _("Erased when not confirmed within %(period)s (the activity's review).") % {
            "period": describe_duration(activity.review_every, lang)
        }
    if link.due_on is not None:
        return ""
    # Undated without a rule: the engine keeps a link so while an unlifted
    # hold without an end covers its activity, whatever the rules say;
    # otherwise no keep rule applies and no trigger has occurred.
    if any(
        hold.lifted_at is None and hold.ends_on is None and hold.activity in (None, link.activity)
        for hold in holds
    ):
        return _("Kept while a legal hold lasts.")
    return _("No retention rule applies yet.")


def _timeline(page: SubjectPage) -> list[TimelineItem]:
    items: list[TimelineItem] = []
    for group in page.groups:
        for row in group.rows:
            items.append(
                TimelineItem(
                    row.collected, _("%(category)s collected") % {"category": row.category}
                )
            )
    for named in page.relationships:
        relationship = named.relationship
        items.append(
            TimelineItem(
                relationship.started,
                _("relationship started: %(kind)s") % {"kind": named.name},
            )
        )
        if relationship.ended:
            items.append(
                TimelineItem(
                    relationship.ended,
                    _("relationship ended: %(kind)s") % {"kind": named.name},
                )
            )
    for named_event in page.events:
        items.append(
            TimelineItem(
                named_event.event.occurred_on, _("event: %(name)s") % {"name": named_event.name}
            )
        )
    for hold in page.holds:
        items.append(TimelineItem(hold.starts_on, _("legal hold set")))
        if hold.lifted_at:
            items.append(TimelineItem(timezone.localdate(hold.lifted_at), _("legal hold lifted")))
    for named_entry in page.consent_history:
        entry = named_entry.entry
        text = (
            _("consent to %(purpose)s given")
            if entry.given
            else _("consent to %(purpose)s withdrawn")
        )
        items.append(
            TimelineItem(timezone.localdate(entry.at), text % {"purpose": named_entry.name})
        )
    for rights_request in page.requests:
        items.append(
            TimelineItem(
                timezone.localdate(rights_request.received_at),
                _("request #%(id)s (%(kind)s) received")
                % {"id": rights_request.pk, "kind": rights_request.get_kind_display()},
            )
        )
    # Deduplicate the per-record collection lines of one day and category.
    unique = list(dict.fromkeys(items))
    unique.sort(key=lambda item: item.at, reverse=True)
    return unique


def subject_page(
    subject: DataSubject,
    *,
    declaration: Declaration | None,
    lang: str,
    revealed: dict[int, str] | None = None,
    now: datetime | None = None,
) -> SubjectPage:
    """Everything the subject page shows, in ``lang``; ``revealed`` maps record
    ids to values decrypted (and audited) for this response only."""
    today = timezone.localdate(now) if now else timezone.localdate()
    with override(lang):
        holds = list(subject.legal_holds.order_by("-starts_on", "-id"))
        page = SubjectPage(
            subject=subject,
            categories=[
                subject_category_name(key, lang, declaration) for key in subject.categories
            ],
            groups=_groups(subject, declaration, lang, revealed or {}, holds),
            relationships=[
                NamedRelationship(subject_category_name(r.kind, lang, declaration), r)
                for r in relationships_of(subject)
            ],
            holds=holds,
            active_hold_ids={h.pk for h in holds if h.is_active(today)},
            events=[
                NamedEvent(event_name(e.name, lang, declaration), e)
                for e in subject.events.order_by("-occurred_on", "-id")
            ],
            consents=[
                NamedConsent(
                    purpose_name(state.purpose, lang, declaration),
                    purpose_text(state.purpose, lang, declaration),
                    state,
                )
                for state in consent_states(subject, lang)
            ],
            consent_history=[
                NamedConsentEntry(
                    purpose_name(entry.purpose, lang, declaration),
                    channel_name(entry.channel),
                    entry,
                )
                for entry in ConsentEntry.objects.filter(subject=subject).order_by("-at", "-id")
            ],
            requests=list(RightsRequest.objects.filter(subject=subject).order_by("-received_at")),
            timeline=[],
        )
        page.timeline = _timeline(page)
    return page
