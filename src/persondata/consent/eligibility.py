"""Marketing eligibility from the database: for one subject or address
(``check_eligibility``) and for a stream of addresses (``check_many``).

The rules are in ``consent/decision.py``; this module gathers their facts
with a fixed set of set-based queries per chunk of addresses (subjects,
objections, latest consent entries, customers, sale records; plus the
restriction history when asked about an earlier time), never one query per
address. The same queries run whether or not an address is in the register
(an empty set of subjects is queried with an id that cannot exist), so
the answer for an unknown address has the shape and the timing class of the
answer for a registered one without any ground: "not eligible".

The existing-customer exception (markedsføringsloven § 10, stk. 2) holds
when, at the time asked about, all of these are true:

- the subject has or had a relationship of kind ``customer``, its own or
  that of an organisation it represents (``subjects.queries.relationships_of``);
- the address itself was obtained from the person in a sale: the subject
  has a record of ``user.contact.email`` (e-mail) or
  ``user.contact.phone_number`` (SMS) whose value is the address, whose
  source is ``data_subject``, collected by then, and held for an activity
  that declares ``existing_customer_exception`` and the channel;
- nothing refused it (see ``decision.py``: restriction, objection, a
  withdrawn consent on the channel).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice

from django.db.models import Q
from django.utils import timezone

from persondata.consent.decision import (
    EXCEPTION_CHANNELS,
    NOT_ELIGIBLE,
    ChannelRoutes,
    ConsentState,
    Eligibility,
    MarketingFacts,
    check_channel,
    combine,
    decide,
    routes_for,
)
from persondata.consent.models import ConsentEntry, MarketingObjection, Restriction
from persondata.policy.queries import current_declaration
from persondata.subjects.models import DataSubject, Record, Relationship
from persondata.subjects.validation import EMAIL_CATEGORY, PHONE_CATEGORY, normalise_phone

# Addresses per chunk: a handful of queries each, within SQLite's limit of
# bound parameters (32766) and small enough to stream.
CHUNK_SIZE = 5000
CUSTOMER_KIND = "customer"
# No subject has this id, so a query for "no subjects" still runs (timing).
_NO_SUBJECT = 0
_E164 = re.compile(r"\+[1-9]\d{6,14}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PHONE_NOISE = str.maketrans("", "", " -().")

NOT_AN_EMAIL = Eligibility(False, "not an e-mail address")
NOT_A_PHONE = Eligibility(False, "not a phone number")
ADDRESS_FIELDS = {"email": "email", "sms": "phone"}


def normalise_address(address: str, channel: str) -> str | None:
    """The address as the register stores it, or None when it cannot be one.

    E-mail: trimmed, lower case, with one ``@`` and no spaces (a full check
    is not needed: an address the register would refuse is simply not
    found). SMS: E.164; eight digits are read as a Danish number. Raises
    ValueError for a channel that has no address list (phone, post: look
    those up by subject).
    """
    if channel == "email":
        text = address.strip().lower()
        local, at, domain = text.partition("@")
        if not at or not local or "." not in domain or "@" in domain or " " in text:
            return None
        if len(text) > 254 or _CONTROL.search(text) or not _encodable(text):
            return None
        return text
    if channel == "sms":
        text = address.strip().translate(_PHONE_NOISE)
        if text.startswith("00"):
            text = "+" + text[2:]
        if len(text) == 8 and text.isdigit():
            text = "+45" + text
        if _E164.fullmatch(text):
            return text
        try:
            return normalise_phone(address)
        except ValueError:
            return None
    check_channel(channel)
    raise ValueError(
        f"channel: '{channel}' has no address list; ask about a subject instead of an address"
    )


def _encodable(text: str) -> bool:
    # A lone surrogate (possible in JSON input) cannot be stored or sent to
    # the database; no registered address has one.
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _moment(at: datetime | None) -> datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValueError(f"at: {at.isoformat()} has no time zone; give an aware datetime")
    return at


def _routes(channel: str) -> ChannelRoutes:
    check_channel(channel)
    declaration = current_declaration()
    if declaration is None:
        return ChannelRoutes(channel, (), ())
    return routes_for(declaration, channel)


def check_eligibility(
    subject_or_address: DataSubject | str, channel: str, *, at: datetime | None = None
) -> Eligibility:
    """May the subject (or whoever holds the address) be contacted for
    marketing on ``channel`` at ``at`` (default: now), and why (not)?

    An address is looked up as e-mail (channel ``email``) or phone number
    (``sms``); one not in the register is ``not eligible``, exactly like a
    registered person without any ground. Before a declaration is applied
    nobody is eligible. Raises ValueError for an unknown channel, a naive
    ``at``, or an address for the phone or post channel.
    """
    moment = _moment(at)
    routes = _routes(channel)
    if isinstance(subject_or_address, DataSubject):
        field = ADDRESS_FIELDS.get(channel)
        rows = list(
            DataSubject.objects.filter(pk=subject_or_address.pk).values_list(
                "id", field or "email", "restricted_at"
            )
        )
        if not rows:
            return NOT_ELIGIBLE
        subject_id, address, restricted_at = rows[0]
        facts = _gather(
            {subject_id: (address if field else "", restricted_at)}, routes, moment, at is not None
        )
        return decide(facts[subject_id], routes)
    return next(check_many([subject_or_address], channel, at=at))


def check_many(
    addresses: Iterable[str],
    channel: str,
    *,
    at: datetime | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Eligibility]:
    """One answer per address, in the order given, for ``email`` or ``sms``.

    Streams: reads ``chunk_size`` addresses at a time and yields their
    answers before reading more, so a list of millions needs memory for one
    chunk only. Raises ValueError (before reading any address) for a
    channel without addresses, a naive ``at`` or a chunk size below 1.
    """
    if channel not in ADDRESS_FIELDS:
        check_channel(channel)
        raise ValueError(f"channel: '{channel}' has no address list; use email or sms")
    if chunk_size < 1:
        raise ValueError(f"chunk_size: {chunk_size} must be at least 1")
    moment = _moment(at)
    routes = _routes(channel)
    malformed = NOT_AN_EMAIL if channel == "email" else NOT_A_PHONE
    iterator = iter(addresses)
    while chunk := list(islice(iterator, chunk_size)):
        normal = [normalise_address(address, channel) for address in chunk]
        answers = _answers_for_addresses(
            {a for a in normal if a is not None}, channel, routes, moment, at is not None
        )
        for address in normal:
            if address is None:
                yield malformed
            else:
                yield answers.get(address, NOT_ELIGIBLE)


def _answers_for_addresses(
    addresses: set[str],
    channel: str,
    routes: ChannelRoutes,
    moment: datetime,
    with_history: bool,
) -> dict[str, Eligibility]:
    field = ADDRESS_FIELDS[channel]
    # "@" is neither an e-mail address nor a phone number: the query still runs.
    wanted = addresses or {"@"}
    rows = (
        DataSubject.objects.filter(**{f"{field}__in": wanted})
        .order_by()
        .values_list("id", field, "restricted_at")
    )
    subjects = {subject_id: (address, restricted) for subject_id, address, restricted in rows}
    facts = _gather(subjects, routes, moment, with_history)
    by_address: dict[str, list[Eligibility]] = defaultdict(list)
    for subject_id, (address, _restricted) in subjects.items():
        by_address[address].append(decide(facts[subject_id], routes))
    return {
        address: found[0] if len(found) == 1 else combine(found)
        for address, found in by_address.items()
    }


def _ids(values: Iterable[int]) -> list[int]:
    # Never an empty list: Django skips the query for "IN ()", which would
    # make unknown addresses measurably faster than registered ones.
    return list(values) or [_NO_SUBJECT]


def _gather(
    subjects: dict[int, tuple[str, datetime | None]],
    routes: ChannelRoutes,
    moment: datetime,
    with_history: bool,
) -> dict[int, MarketingFacts]:
    """The facts of ``subjects`` (id -> (address, restricted_at)) at ``moment``."""
    facts = {
        subject_id: MarketingFacts(restricted=restricted is not None and restricted <= moment)
        for subject_id, (_address, restricted) in subjects.items()
    }
    ids = _ids(facts)
    if with_history:
        _restrictions_then(facts, ids, moment)
    _objections(facts, ids, moment)
    if routes.consent_purposes:
        _latest_consents(facts, ids, routes.consent_purposes, moment)
    if routes.exception_activities and routes.channel in EXCEPTION_CHANNELS:
        open_ids = [
            subject_id
            for subject_id, fact in facts.items()
            if not fact.restricted and fact.objected_on is None and not fact.consents
        ]
        _exception_facts(facts, subjects, open_ids, routes, moment)
    return facts


def _restrictions_then(facts: dict[int, MarketingFacts], ids: list[int], moment: datetime) -> None:
    rows = (
        Restriction.objects.filter(subject_id__in=ids, started_at__lte=moment)
        .filter(Q(lifted_at__isnull=True) | Q(lifted_at__gt=moment))
        .order_by()
        .values_list("subject_id", flat=True)
    )
    for subject_id in rows:
        if subject_id is not None:
            facts[subject_id].restricted = True


def _objections(facts: dict[int, MarketingFacts], ids: list[int], moment: datetime) -> None:
    rows = (
        MarketingObjection.objects.filter(subject_id__in=ids, at__lte=moment)
        .filter(Q(lifted_at__isnull=True) | Q(lifted_at__gt=moment))
        .order_by()
        .values_list("subject_id", "at")
    )
    for subject_id, at in rows:
        if subject_id is None:
            continue
        day = timezone.localdate(at)
        fact = facts[subject_id]
        if fact.objected_on is None or day < fact.objected_on:
            fact.objected_on = day


def _latest_consents(
    facts: dict[int, MarketingFacts], ids: list[int], purposes: Sequence[str], moment: datetime
) -> None:
    rows = (
        ConsentEntry.objects.filter(subject_id__in=ids, purpose__in=purposes, at__lte=moment)
        .order_by()
        .values_list("subject_id", "purpose", "given", "version", "at", "id")
    )
    latest: dict[tuple[int, str], tuple[datetime, int, bool, int]] = {}
    for subject_id, purpose, given, version, at, entry_id in rows:
        key = (subject_id, purpose)
        seen = latest.get(key)
        if seen is None or (at, entry_id) > (seen[0], seen[1]):
            latest[key] = (at, entry_id, given, version)
    for (subject_id, purpose), (at, _id, given, version) in latest.items():
        facts[subject_id].consents[purpose] = ConsentState(
            given=given, version=version, on=timezone.localdate(at)
        )


def _exception_facts(
    facts: dict[int, MarketingFacts],
    subjects: dict[int, tuple[str, datetime | None]],
    open_ids: list[int],
    routes: ChannelRoutes,
    moment: datetime,
) -> None:
    day: date = timezone.localdate(moment)
    own = (
        Relationship.objects.filter(
            subject_id__in=_ids(open_ids), kind=CUSTOMER_KIND, started__lte=day
        )
        .order_by()
        .values_list("subject_id")
    )
    shared = (
        Relationship.objects.filter(
            organisation__contact_links__person_id__in=_ids(open_ids),
            kind=CUSTOMER_KIND,
            started__lte=day,
        )
        .order_by()
        .values_list("organisation__contact_links__person_id")
    )
    customers = {subject_id for (subject_id,) in own.union(shared) if subject_id in facts}
    for subject_id in customers:
        facts[subject_id].customer = True
    category = EMAIL_CATEGORY if routes.channel == "email" else PHONE_CATEGORY
    records = (
        Record.objects.filter(
            subject_id__in=_ids(customers),
            data_category=category,
            source="data_subject",
            collected_at__lte=moment,
            links__activity__in=routes.exception_activities,
        )
        .order_by()
        .values_list("subject_id", "value")
    )
    for subject_id, value in records:
        if value and value == subjects[subject_id][0]:
            facts[subject_id].sale_address = True
