"""The facts eligibility needs, for a chunk of addresses, in one statement.

The statement finds the subjects holding the addresses (or the one
subject asked about) and returns, for all of them at once, tagged rows:
each subject with its address and whether it is restricted; the
restrictions in force then (only when asked about an earlier time);
objections in force; their ledger entries for the channel's consent
purposes; whether they are or were customers (their own relationship or
that of an organisation they represent); and the records that show their
address came from them in a sale. Every part looks rows up by an indexed
key from the subjects found, so the work grows with the chunk, never with
the register; and it is one round trip whatever the chunk's size, so a
single lookup costs one statement, not one per fact.

The statement is plain SQL built from the models' table names, run alike
on SQLite and PostgreSQL (a list is one JSON array read with ``json_each``
on SQLite, one array with ``= ANY`` on PostgreSQL). The ORM is left out on
purpose: building lookups of thousands of values and converting every
row cost more than the database work (bench/eligibility.py measures it).
The same statement runs whether or not anybody is found, so an unknown
address costs what a registered one does. The facts are kept column by
column (``FactTable``) and each distinct combination is decided once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from django.db import connection
from django.utils import timezone

from persondata.consent.decision import (
    EXCEPTION_CHANNELS,
    ChannelRoutes,
    ConsentState,
    MarketingFacts,
)
from persondata.consent.models import ConsentEntry, MarketingObjection, Restriction
from persondata.lib.sql import one_of, table_names
from persondata.subjects.models import ContactLink, DataSubject, PurposeLink, Record, Relationship
from persondata.subjects.validation import EMAIL_CATEGORY, PHONE_CATEGORY

CUSTOMER_KIND = "customer"
ADDRESS_COLUMNS = {"email": "email", "sms": "phone"}
# Neither an e-mail address nor a phone number.
NO_ADDRESS = "@"
ROWS_PER_FETCH = 5000

# The tags of the statement's rows.
SUBJECT, RESTRICTED_THEN, OBJECTED, ENTRY, CUSTOMER, SALE, LATER, LATER_DAY = range(8)

# Each part gives rows of (tag, subject id, text, n1, n2, n3, moment) for
# the subjects found. Only table names, column names and conditions are
# filled in (by _sql and _part); every value is a bound parameter, in the
# order of the parts.
# Typed NULLs, so that PostgreSQL can match the parts' columns.
_NULLS = {"no_text": "CAST(NULL AS TEXT)", "no_moment": "CAST(NULL AS TIMESTAMP WITH TIME ZONE)"}
FOUND_BY_ADDRESS = (
    "SELECT id, {column} AS address, restricted_at FROM {subjects} WHERE {column} {list}"
)
FOUND_BY_ID = "SELECT id, {column} AS address, restricted_at FROM {subjects} WHERE id = %s"
FOUND_BY_IDS = (
    "SELECT id, {column} AS address, restricted_at FROM {subjects} "
    "WHERE id {list} AND {column} <> ''"
)
PART_SUBJECTS = (
    "SELECT 0, id, address, CASE WHEN restricted_at IS NOT NULL AND restricted_at <= %s "
    "THEN 1 ELSE 0 END, 0, 0, {no_moment} FROM found"
)
PART_RESTRICTED_THEN = (
    "SELECT 1, x.subject_id, {no_text}, 0, 0, 0, {no_moment} FROM {restrictions} x {join} "
    "WHERE {member} x.started_at <= %s AND (x.lifted_at IS NULL OR x.lifted_at > %s)"
)
PART_OBJECTED = (
    "SELECT 2, x.subject_id, {no_text}, 0, 0, 0, x.at FROM {objections} x {join} "
    "WHERE {member} x.at <= %s AND (x.lifted_at IS NULL OR x.lifted_at > %s)"
)
# The entry's id orders entries made at the same moment.
PART_ENTRIES = (
    "SELECT 3, x.subject_id, x.purpose, CASE WHEN x.given THEN 1 ELSE 0 END, x.version, x.id, "
    "x.at FROM {entries} x {join} WHERE {member} x.purpose {purposes} AND x.at <= %s"
)
PART_CUSTOMERS = (
    "SELECT 4, x.subject_id, {no_text}, 0, 0, 0, {no_moment} FROM {relationships} x {join} "
    "WHERE {member} x.kind = %s AND x.started <= %s"
)
PART_CONTACT_CUSTOMERS = (
    "SELECT 4, x.person_id, {no_text}, 0, 0, 0, {no_moment} FROM {contact_links} x {join} "
    "WHERE {member} EXISTS (SELECT 1 FROM {relationships} o "
    "WHERE o.organisation_id = x.organisation_id AND o.kind = %s AND o.started <= %s)"
)
PART_SALES = (
    "SELECT 5, x.subject_id, x.value, 0, 0, 0, {no_moment} FROM {records} x {join} "
    "CROSS JOIN {links} pl WHERE {member} x.data_category = %s AND x.source = %s "
    "AND x.collected_at <= %s AND pl.record_id = x.id AND pl.activity {activities}"
)
# Facts that take effect after the moment asked about (tag LATER with the
# moment, LATER_DAY with a local date as text), so that a kept answer knows
# when it stops being true. The actions never store such facts; a bulk load
# or plain SQL might.
PART_LATER_RESTRICTION = (
    "SELECT 6, id, {no_text}, 0, 0, 0, restricted_at FROM found WHERE restricted_at > %s"
)
PART_LATER_OBJECTIONS = (
    "SELECT 6, x.subject_id, {no_text}, 0, 0, 0, "
    "CASE WHEN x.at > %s THEN x.at ELSE x.lifted_at END FROM {objections} x {join} "
    "WHERE {member} (x.at > %s OR x.lifted_at > %s)"
)
PART_LATER_ENTRIES = (
    "SELECT 6, x.subject_id, {no_text}, 0, 0, 0, x.at FROM {entries} x {join} "
    "WHERE {member} x.purpose {purposes} AND x.at > %s"
)
PART_LATER_CUSTOMERS = (
    "SELECT 7, x.subject_id, CAST(x.started AS TEXT), 0, 0, 0, {no_moment} "
    "FROM {relationships} x {join} WHERE {member} x.kind = %s AND x.started > %s"
)
PART_LATER_CONTACT_CUSTOMERS = (
    "SELECT 7, x.person_id, CAST(o.started AS TEXT), 0, 0, 0, {no_moment} "
    "FROM {contact_links} x {join} JOIN {relationships} o ON o.organisation_id = x.organisation_id "
    "WHERE {member} o.kind = %s AND o.started > %s"
)
PART_LATER_SALES = (
    "SELECT 6, x.subject_id, {no_text}, 0, 0, 0, x.collected_at FROM {records} x {join} "
    "WHERE {member} x.data_category = %s AND x.collected_at > %s"
)
_TABLES = {
    "subjects": DataSubject,
    "restrictions": Restriction,
    "objections": MarketingObjection,
    "entries": ConsentEntry,
    "relationships": Relationship,
    "contact_links": ContactLink,
    "records": Record,
    "links": PurposeLink,
}


def _sql(template: str, **parts: str) -> str:
    """``template`` with the models' quoted table names and the given parts
    (a quoted column name, list conditions from _in)."""
    return template.format(**table_names(_TABLES), **_NULLS, **parts)


def _part(template: str, column: str = "subject_id", **parts: str) -> str:
    """One part of the statement, its rows (alias ``x``) limited to the
    subjects found by ``column``. PostgreSQL joins the found subjects (it
    then knows how many there are and hashes a large chunk); SQLite looks
    each one up in the table's index (a join would have it build a filter
    over the whole table first, even for a single address)."""
    if connection.vendor == "postgresql":
        join, member = f"JOIN found f ON f.id = x.{column}", ""
    else:
        join, member = "", f"x.{column} IN (SELECT id FROM found) AND"  # noqa: S608
    return _sql(template, join=join, member=member, **parts)


def _rows(sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of one statement, fetched a batch at a time: a chunk's rows
    are never all held as tuples at once (which kept the garbage collector
    busy), and each batch is one call rather than one per row."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(ROWS_PER_FETCH):
            yield from batch


def utc_moment(value: Any) -> datetime:
    """A database time as an aware datetime (SQLite gives text in UTC)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class _LocalDays:
    """Database times as local dates, each distinct value converted once."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self.seen: dict[Any, date] = {}

    def __call__(self, value: Any) -> date:
        day = self.seen.get(value)
        if day is None:
            day = self.seen[value] = utc_moment(value).astimezone(self.zone).date()
        return day


@dataclass(slots=True)
class FactTable:
    """The facts of many subjects, kept column by column (a set or a dict per
    fact, keyed by subject id) rather than as one object per subject: a
    chunk of tens of thousands of subjects then costs a few containers of
    plain values."""

    purposes: tuple[str, ...]
    held: dict[int, str] = field(default_factory=dict)
    restricted: set[int] = field(default_factory=set)
    objected: dict[int, date] = field(default_factory=dict)
    consents: dict[tuple[int, str], ConsentState] = field(default_factory=dict)
    customers: set[int] = field(default_factory=set)
    sale_addresses: set[int] = field(default_factory=set)
    # The earliest later moment at which a fact of the subject takes effect
    # (gathered only when asked for, see gather_facts).
    changes_at: dict[int, datetime] = field(default_factory=dict)

    def signature(self, key: int) -> tuple[Any, ...]:
        """Everything ``decide`` reads about subject ``key``, as one hashable
        value: subjects with the same signature get the same answer."""
        consents = self.consents
        return (
            key in self.restricted,
            self.objected.get(key),
            tuple([consents.get((key, purpose)) for purpose in self.purposes]),
            key in self.customers,
            key in self.sale_addresses,
        )

    def facts(self, key: int) -> MarketingFacts:
        """Subject ``key``'s facts, for ``decide``."""
        consents = {
            purpose: state
            for purpose in self.purposes
            if (state := self.consents.get((key, purpose))) is not None
        }
        return MarketingFacts(
            restricted=key in self.restricted,
            objected_on=self.objected.get(key),
            consents=consents,
            customer=key in self.customers,
            sale_address=key in self.sale_addresses,
        )


def _statement(
    routes: ChannelRoutes,
    moment: datetime,
    *,
    with_history: bool,
    with_later: bool,
    addresses: Sequence[str],
    subject_id: int | None,
    subject_ids: Sequence[int] | None,
) -> tuple[str, list[Any]]:
    """The one statement for these subjects, and its parameters."""
    now = connection.ops.adapt_datetimefield_value(moment)
    column = connection.ops.quote_name(ADDRESS_COLUMNS.get(routes.channel, "email"))
    if subject_id is not None:
        found = _sql(FOUND_BY_ID, column=column)
        params: list[Any] = [subject_id]
    elif subject_ids is not None:
        condition, params = one_of(list(subject_ids) or [0])
        found = _sql(FOUND_BY_IDS, column=column, list=condition)
    else:
        condition, params = one_of(list(addresses) or [NO_ADDRESS])
        found = _sql(FOUND_BY_ADDRESS, column=column, list=condition)
    parts = [_sql(PART_SUBJECTS)]
    params.append(now)
    if with_history:
        parts.append(_part(PART_RESTRICTED_THEN))
        params += [now, now]
    parts.append(_part(PART_OBJECTED))
    params += [now, now]
    if routes.consent_purposes:
        condition, values = one_of(routes.consent_purposes)
        parts.append(_part(PART_ENTRIES, purposes=condition))
        params += [*values, now]
    exception = bool(routes.exception_activities) and routes.channel in EXCEPTION_CHANNELS
    category = EMAIL_CATEGORY if routes.channel == "email" else PHONE_CATEGORY
    today = connection.ops.adapt_datefield_value(timezone.localdate(moment))
    if exception:
        parts.append(_part(PART_CUSTOMERS))
        parts.append(_part(PART_CONTACT_CUSTOMERS, column="person_id"))
        params += [CUSTOMER_KIND, today, CUSTOMER_KIND, today]
        condition, values = one_of(routes.exception_activities)
        parts.append(_part(PART_SALES, activities=condition))
        params += [category, "data_subject", now, *values]
    if with_later:
        parts += [_sql(PART_LATER_RESTRICTION), _part(PART_LATER_OBJECTIONS)]
        params += [now, now, now, now]
        if routes.consent_purposes:
            condition, values = one_of(routes.consent_purposes)
            parts.append(_part(PART_LATER_ENTRIES, purposes=condition))
            params += [*values, now]
        if exception:
            parts.append(_part(PART_LATER_CUSTOMERS))
            parts.append(_part(PART_LATER_CONTACT_CUSTOMERS, column="person_id"))
            parts.append(_part(PART_LATER_SALES))
            params += [CUSTOMER_KIND, today, CUSTOMER_KIND, today, category, now]
    # MATERIALIZED: the subjects are found once, not once per part.
    sql = f"WITH found AS MATERIALIZED ({found}) " + " UNION ALL ".join(parts)
    return sql, params


def gather_facts(
    routes: ChannelRoutes,
    moment: datetime,
    *,
    with_history: bool,
    with_later: bool = False,
    addresses: Sequence[str] = (),
    subject_id: int | None = None,
    subject_ids: Sequence[int] | None = None,
) -> FactTable:
    """The facts at ``moment`` of each subject holding one of ``addresses``
    (in the channel's column), of the one subject ``subject_id``, or of
    those of ``subject_ids`` that have an address on the channel; ``held``
    maps each subject found to its address. ``with_later`` also gathers,
    into ``changes_at``, when a fact dated after ``moment`` takes effect."""
    sql, params = _statement(
        routes,
        moment,
        with_history=with_history,
        with_later=with_later,
        addresses=addresses,
        subject_id=subject_id,
        subject_ids=subject_ids,
    )
    table = FactTable(purposes=routes.consent_purposes)
    held, restricted, objected = table.held, table.restricted, table.objected
    customers, sales, changes_at = table.customers, table.sale_addresses, table.changes_at
    zone = timezone.get_current_timezone()
    local_day = _LocalDays(zone)

    def local_start(day: str) -> datetime:
        return timezone.make_aware(datetime.combine(date.fromisoformat(day), time.min), zone)

    # The latest entry per subject and purpose, by (moment, id).
    latest: dict[tuple[int, str], tuple[Any, int, bool, int]] = {}
    for tag, key, text, first, second, third, at in _rows(sql, params):
        if tag == SUBJECT:
            held[key] = text or ""
            if first:
                restricted.add(key)
        elif tag == ENTRY:
            entry = (at, third, bool(first), second)
            before = latest.get((key, text))
            if before is None or entry[:2] > before[:2]:
                latest[(key, text)] = entry
        elif tag == CUSTOMER:
            customers.add(key)
        elif tag == SALE:
            # The record's value is the address asked about (subjects come first).
            if text and text == held.get(key):
                sales.add(key)
        elif tag == OBJECTED:
            day = local_day(at)
            if key not in objected or day < objected[key]:
                objected[key] = day
        elif tag in (LATER, LATER_DAY):
            later = local_start(text) if tag == LATER_DAY else utc_moment(at)
            if key not in changes_at or later < changes_at[key]:
                changes_at[key] = later
        else:
            restricted.add(key)
    # Many subjects share a state (the same version given on the same day).
    states: dict[tuple[bool, int, date], ConsentState] = {}
    consents = table.consents
    for subject_purpose, (at, _id, given, version) in latest.items():
        state_key = (given, int(version), local_day(at))
        state = states.get(state_key)
        if state is None:
            state = states[state_key] = ConsentState(*state_key)
        consents[subject_purpose] = state
    return table
