"""What the demo register will hold, worked out from the declaration; no database.

``plan_demo_register`` reads only the declaration it is given, never fixed
activity keys, so it follows ``examples/demo.yaml`` as that file changes:

- Subjects are spread over the subject categories the activities name,
  more of them where more activities use the category, at least one each.
- A subject takes part in the activities for its category: a consent-based
  activity only after a consent to its purpose, given on a web form, on
  paper or by phone with the evidence of each, some of them later
  withdrawn (by an unsubscribe link, the web form or a letter). Consents
  are planned apart from other events: they go through the consent ledger,
  which fires the ``consent_given``/``consent_withdrawn`` events itself.
  Every record is of a data category that each of its activities declares
  (or a parent of it), and is held for all of them.
- Dates lie in the past: relationships started up to eight years ago and
  some ended; contact persons (category ``contact_person``) represent
  organisations, and some left them (``employment_ended``); the events the
  activities' retention rules are anchored to happened; so that ``retention
  plan`` finds due records in several activities.
- Two subjects whose relationship ended long ago get a legal hold.

The same declaration, seed and day give the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from persondata.demo.values import DemoValues, Person
from persondata.policy.schema import Activity, Declaration, KeepRule
from persondata.policy.taxonomy import is_within_category, split_event

CONTACT_PERSON = "contact_person"
# Anchors the register records itself, from relationships, contact links and records.
DERIVED_ANCHORS = ("collected", "relationship_started", "relationship_ended", "employment_ended")
RELATIONSHIP_ANCHORS = ("relationship_started", "relationship_ended")
CONSENT_EVENTS = ("consent_given", "consent_withdrawn")
OLDEST_YEARS = 8
# Each subject takes part in at most this many activities, and each of its
# activities' data categories is held with this chance: enough to show
# records shared between activities, few enough to load in seconds.
MAX_ACTIVITIES = 3
CATEGORY_CHANCE = 0.6
STAFF_NAMES = ("karen", "mikkel", "sofie")
HOLD_REASONS = (
    "Verserende tvist om en faktura; intet må slettes, før sagen er afgjort.",
    "Reklamation under behandling; oplysningerne bevares til sagen er lukket.",
)


@dataclass(frozen=True)
class PlannedOrganisation:
    name: str
    cvr: str
    kind: str | None
    started: date
    ended: date | None


@dataclass(frozen=True)
class PlannedRecord:
    data_category: str
    value: str
    source: str
    collected: datetime
    activities: tuple[str, ...]


@dataclass(frozen=True)
class PlannedContact:
    organisation: int
    role: str
    started: date
    employment_ended: date | None


@dataclass(frozen=True)
class PlannedConsent:
    """A consent as the ledger will hold it; ``evidence`` as (key, value) pairs."""

    purpose: str
    given_at: datetime
    channel: str
    evidence: tuple[tuple[str, str], ...]
    withdrawn_at: datetime | None = None
    withdrawal_channel: str | None = None
    withdrawal_evidence: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PlannedHold:
    reason: str
    starts_on: date
    ends_on: date | None


@dataclass
class PlannedSubject:
    person: Person
    category: str
    language: str
    use_email: bool = False
    use_phone: bool = False
    use_cpr: bool = False
    relationship: tuple[date, date | None] | None = None
    contact: PlannedContact | None = None
    events: list[tuple[str, date]] = field(default_factory=list)
    consents: list[PlannedConsent] = field(default_factory=list)
    records: list[PlannedRecord] = field(default_factory=list)
    hold: PlannedHold | None = None


@dataclass
class DemoPlan:
    organisations: list[PlannedOrganisation]
    subjects: list[PlannedSubject]

    @property
    def activities_with_records(self) -> set[str]:
        return {a for s in self.subjects for r in s.records for a in r.activities}


def subject_weights(declaration: Declaration) -> dict[str, int]:
    """Each subject category the activities name, with how many name it, in declaration order."""
    weights: dict[str, int] = {}
    for activity in declaration.activities.values():
        for category in activity.subjects:
            weights[category] = weights.get(category, 0) + 1
    return weights


def _anchors(activity: Activity) -> list[str]:
    names: list[str] = []
    for rule in activity.retention:
        names.append(rule.after if isinstance(rule, KeepRule) else rule.on)
    return names


def _needs_relationship(category: str, activities: list[Activity]) -> bool:
    return category != CONTACT_PERSON and any(
        split_event(anchor)[0] in RELATIONSHIP_ANCHORS
        for activity in activities
        for anchor in _anchors(activity)
    )


def _source(activity: Activity) -> str:
    return "data_subject" if "data_subject" in activity.sources else activity.sources[0]


def _office_hours(day: date, values: DemoValues) -> datetime:
    return datetime.combine(day, time(9 + values.rng.randint(0, 7), values.rng.randint(0, 59)), UTC)


class _Planner:
    def __init__(self, declaration: Declaration, values: DemoValues) -> None:
        self.declaration = declaration
        self.values = values
        self.today = values.today
        self.yesterday = values.today - timedelta(days=1)
        self.organisations: list[PlannedOrganisation] = []
        self.uncovered = set(declaration.activities)

    def categories(self, count: int) -> list[str]:
        weights = subject_weights(self.declaration)
        keys = list(weights)
        chosen = keys[:count]
        rest = max(count - len(chosen), 0)
        chosen += self.values.rng.choices(keys, weights=[weights[k] for k in keys], k=rest)
        return chosen

    def organisation_kinds(self) -> list[str]:
        kinds: list[str] = []
        for activity in self.declaration.activities.values():
            if CONTACT_PERSON in activity.subjects:
                kinds += [k for k in activity.subjects if k != CONTACT_PERSON and k not in kinds]
        return kinds

    def make_organisations(self, contacts: int) -> None:
        kinds = self.organisation_kinds()
        for _ in range(max(1, contacts // 2) if contacts else 0):
            started = self.values.day_between(
                self.today - timedelta(days=365 * OLDEST_YEARS), self.today - timedelta(days=90)
            )
            ended = (
                self.values.day_between(started + timedelta(days=30), self.yesterday)
                if self.values.chance(0.3)
                else None
            )
            self.organisations.append(
                PlannedOrganisation(
                    name=self.values.company(),
                    cvr=self.values.cvr(),
                    kind=self.values.rng.choice(kinds) if kinds else None,
                    started=started,
                    ended=ended,
                )
            )

    def subject(self, category: str) -> PlannedSubject:
        values = self.values
        activities = {
            key: a for key, a in self.declaration.activities.items() if category in a.subjects
        }
        contact: PlannedContact | None = None
        organisation: PlannedOrganisation | None = None
        if category == CONTACT_PERSON and self.organisations:
            index = values.rng.randrange(len(self.organisations))
            organisation = self.organisations[index]
            started = values.day_between(organisation.started, organisation.ended or self.yesterday)
            left = values.day_between(started, self.yesterday) if values.chance(0.25) else None
            contact = PlannedContact(index, str(values.fake.job()), started, left)
        person = values.person(organisation=organisation.name if organisation else None)
        planned = PlannedSubject(
            person=person,
            category=category,
            language="en" if values.chance(0.15) else "da",
            contact=contact,
        )
        if contact is not None:
            start = contact.started
            end = contact.employment_ended or self.yesterday
        else:
            # At least 31 days ago, so that an ended relationship ends before today.
            start = values.day_between(
                self.today - timedelta(days=365 * OLDEST_YEARS), self.today - timedelta(days=31)
            )
            end = self.yesterday
            if _needs_relationship(category, list(activities.values())):
                ended = (
                    values.day_between(start + timedelta(days=30), self.yesterday)
                    if values.chance(0.45)
                    else None
                )
                planned.relationship = (start, ended)
                end = ended or self.yesterday
        taking_part = self.choose_activities(planned, activities, start, end)
        self.add_events(planned, [activities[k] for k in taking_part], start, end)
        self.add_records(planned, taking_part, start, end)
        return planned

    def choose_activities(
        self, planned: PlannedSubject, activities: dict[str, Activity], start: date, end: date
    ) -> list[str]:
        """The activities the subject takes part in, with the consents they need.

        An activity no earlier subject took part in is always chosen, so every
        activity gets records once each subject category has had a subject.
        """
        values = self.values
        forced = [key for key in activities if key in self.uncovered]
        optional: list[str] = []
        for key, activity in activities.items():
            if key in forced:
                continue
            chance = 0.85 if activity.consent is None else 0.5
            if values.chance(chance):
                optional.append(key)
        room = max(MAX_ACTIVITIES - len(forced), 0)
        if len(optional) > room:
            kept = set(values.rng.sample(optional, k=room))
            optional = [key for key in optional if key in kept]
        chosen = [key for key in activities if key in forced or key in optional]
        if not chosen and activities:
            chosen = [next(iter(activities))]
        purposes: list[str] = []
        for key in chosen:
            purpose = activities[key].consent
            if purpose is not None and purpose not in purposes:
                purposes.append(purpose)
        for purpose in purposes:
            planned.consents.append(
                self.consent(planned, purpose, values.day_between(start, end), withdraw=0.3)
            )
        self.uncovered.difference_update(chosen)
        return chosen

    def consent(
        self, planned: PlannedSubject, purpose: str, given: date, *, withdraw: float
    ) -> PlannedConsent:
        """A consent given on ``given`` by one of the ways people give it, with
        the evidence that way leaves, withdrawn later with chance ``withdraw``."""
        values = self.values
        given_at = _office_hours(given, values)
        channel, evidence = self.consent_evidence(planned, f"tilmelding-{purpose}")
        if not values.chance(withdraw):
            return PlannedConsent(purpose, given_at, channel, evidence)
        withdrawn_at = _office_hours(values.day_between(given, self.yesterday), values)
        if withdrawn_at <= given_at:
            withdrawn_at = given_at + timedelta(minutes=values.rng.randint(5, 50))
        how = values.rng.choices(("email_link", "web_form", "paper"), weights=(6, 3, 1))[0]
        if how == "email_link":
            withdrawal: tuple[str, tuple[tuple[str, str], ...]] = (
                how,
                (("ip", values.fake.ipv4_public()), ("user_agent", self.user_agent())),
            )
        elif how == "web_form":
            withdrawal = self.consent_evidence(planned, f"afmelding-{purpose}", web=True)
        else:
            withdrawal = (how, (("reference", f"Brev modtaget {withdrawn_at.date()}"),))
        return PlannedConsent(
            purpose, given_at, channel, evidence, withdrawn_at, withdrawal[0], withdrawal[1]
        )

    def consent_evidence(
        self, planned: PlannedSubject, form: str, *, web: bool = False
    ) -> tuple[str, tuple[tuple[str, str], ...]]:
        values = self.values
        how = (
            "web_form"
            if web
            else values.rng.choices(("web_form", "paper", "phone"), weights=(7, 2, 1))[0]
        )
        if how == "web_form":
            return how, (
                ("form", form),
                ("ip", values.fake.ipv4_public()),
                ("user_agent", self.user_agent()),
            )
        if how == "paper":
            return how, (
                ("form", f"{form} (papir)"),
                ("reference", f"Blanket {values.rng.randint(1000, 9999)}"),
            )
        return how, (("staff", values.rng.choice(STAFF_NAMES)),)

    def user_agent(self) -> str:
        browser = self.values.rng.choice(("Firefox/140.0", "Chrome/138.0", "Safari/605.1.15"))
        system = self.values.rng.choice(("Windows NT 10.0", "Macintosh", "Linux; Android 14"))
        return f"Mozilla/5.0 ({system}) {browser}"

    def add_events(
        self, planned: PlannedSubject, activities: list[Activity], start: date, end: date
    ) -> None:
        values = self.values
        recorded = {name for name, _ in planned.events}
        consented = {consent.purpose for consent in planned.consents}
        for activity in activities:
            for rule in activity.keep_rules:
                purpose = rule.extend.consent if rule.extend else None
                if purpose and purpose not in consented and values.chance(0.3):
                    planned.consents.append(
                        self.consent(planned, purpose, values.day_between(start, end), withdraw=0)
                    )
                    consented.add(purpose)
            for anchor in _anchors(activity):
                base, _ = split_event(anchor)
                if base in DERIVED_ANCHORS or base in CONSENT_EVENTS or anchor in recorded:
                    continue
                recorded.add(anchor)
                if values.chance(0.65):
                    planned.events.append((anchor, values.day_between(start, end)))

    def add_records(
        self, planned: PlannedSubject, taking_part: list[str], start: date, end: date
    ) -> None:
        values = self.values
        categories: list[str] = []
        for key in taking_part:
            declared = self.declaration.activities[key].data
            picked = [d for d in declared if values.chance(CATEGORY_CHANCE)] or declared[:1]
            categories += [d for d in picked if d not in categories]
        for category in categories:
            holders = tuple(
                key
                for key in taking_part
                if any(
                    is_within_category(category, d, self.declaration)
                    for d in self.declaration.activities[key].data
                )
            )
            # Who a person is was given when the relationship began; other
            # data (purchases, logs, tickets) at any time during it.
            on = start if category.startswith(("user.name", "user.contact")) else None
            collected = on or values.day_between(start, end)
            value = values.value(category, self.declaration, planned.person, on=collected)
            planned.records.append(
                PlannedRecord(
                    data_category=category,
                    value=value,
                    source=_source(self.declaration.activities[holders[0]]),
                    collected=_office_hours(collected, values),
                    activities=holders,
                )
            )
            planned.use_email |= category == "user.contact.email"
            planned.use_phone |= category == "user.contact.phone_number"
            planned.use_cpr |= value == planned.person.cpr

    def add_holds(self, subjects: list[PlannedSubject]) -> None:
        ended = sorted(
            (s for s in subjects if s.relationship and s.relationship[1] and s.records),
            key=lambda s: s.relationship[1] if s.relationship and s.relationship[1] else self.today,
        )
        for number, planned in enumerate(ended[: len(HOLD_REASONS)]):
            planned.hold = PlannedHold(
                reason=HOLD_REASONS[number],
                starts_on=self.today - timedelta(days=30),
                ends_on=None if number == 0 else self.today + timedelta(days=180),
            )


def plan_demo_register(declaration: Declaration, *, count: int, seed: int, today: date) -> DemoPlan:
    """The demo register for ``declaration``: ``count`` subjects, dated before ``today``.

    Raises ValueError for a negative count. Deterministic: the same
    declaration, seed and day give the same plan.
    """
    if count < 0:
        raise ValueError(f"count: {count} is not a number of subjects (0 or more)")
    planner = _Planner(declaration, DemoValues(seed=seed, today=today))
    categories = planner.categories(count)
    planner.make_organisations(categories.count(CONTACT_PERSON))
    subjects = [planner.subject(category) for category in categories]
    planner.add_holds(subjects)
    return DemoPlan(organisations=planner.organisations, subjects=subjects)
