"""The facts eligibility needs, for a chunk of addresses, in a few set-based statements.

For the subjects holding the addresses (one statement), then for all of
them at once: the restriction history (only when asked about an earlier
time), objections in force, their ledger entries for the channel's
consent purposes, whether they are or were customers (their own
relationship or that of an organisation they represent), and the records
that show their address came from them in a sale. Every statement looks
rows up by an indexed key in a list, so the work grows with the chunk,
never with the register.

The statements are plain SQL built from the models' table names, run
alike on SQLite and PostgreSQL (a list is one JSON array read with
``json_each`` on SQLite, one array with ``= ANY`` on PostgreSQL). The ORM
is left out on purpose: building lookups of thousands of values and
converting every row cost more than the database work
(bench/eligibility.py measures it). Every statement runs for every
chunk, with an id that cannot exist when nobody was found, so an unknown
address costs what a registered one does. The facts are kept column by
column (``FactTable``) and each distinct combination is decided once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
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
from persondata.subjects.models import ContactLink, DataSubject, PurposeLink, Record, Relationship
from persondata.subjects.validation import EMAIL_CATEGORY, PHONE_CATEGORY

CUSTOMER_KIND = "customer"
ADDRESS_COLUMNS = {"email": "email", "sms": "phone"}
# No subject has this id: "nobody found" still runs every statement.
NO_ID = 0
# Neither an e-mail address nor a phone number.
NO_ADDRESS = "@"
ROWS_PER_FETCH = 5000

# Only table names, column names and list marks are filled in (by _sql);
# every value is a bound parameter.
SUBJECTS_BY_ADDRESS = (
    "SELECT id, {column}, CASE WHEN restricted_at IS NOT NULL AND restricted_at <= %s "
    "THEN 1 ELSE 0 END FROM {subjects} WHERE {column} {list}"
)
SUBJECT_BY_ID = (
    "SELECT id, {column}, CASE WHEN restricted_at IS NOT NULL AND restricted_at <= %s "
    "THEN 1 ELSE 0 END FROM {subjects} WHERE id = %s"
)
RESTRICTED_THEN = (
    "SELECT DISTINCT subject_id FROM {restrictions} WHERE subject_id {list} "
    "AND started_at <= %s AND (lifted_at IS NULL OR lifted_at > %s)"
)
OBJECTIONS = (
    "SELECT subject_id, MIN(at) FROM {objections} WHERE subject_id {list} "
    "AND at <= %s AND (lifted_at IS NULL OR lifted_at > %s) GROUP BY subject_id"
)
ENTRIES = (
    "SELECT subject_id, purpose, given, version, at FROM {entries} "
    "WHERE subject_id {list} AND purpose {purposes} AND at <= %s "
    "ORDER BY subject_id, purpose, at, id"
)
# CROSS JOIN keeps SQLite from scanning every relationship for each contact link.
CUSTOMERS = (
    "SELECT subject_id FROM {relationships} WHERE subject_id {list} "
    "AND kind = %s AND started <= %s "
    "UNION SELECT l.person_id FROM {contact_links} l CROSS JOIN {relationships} r "
    "WHERE l.person_id {list} AND r.organisation_id = l.organisation_id "
    "AND r.kind = %s AND r.started <= %s"
)
SALE_RECORDS = (
    "SELECT rec.subject_id, rec.value FROM {records} rec CROSS JOIN {links} pl "
    "WHERE rec.subject_id {list} AND rec.data_category = %s AND rec.source = %s "
    "AND rec.collected_at <= %s AND pl.record_id = rec.id AND pl.activity {activities}"
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
    names = {key: connection.ops.quote_name(model._meta.db_table) for key, model in _TABLES.items()}
    return template.format(**names, **parts)


def _in(values: Sequence[Any]) -> tuple[str, list[Any]]:
    """A condition "is one of ``values``" and its parameters, for this database:
    one bound parameter either way (an array on PostgreSQL, a JSON array on
    SQLite), so a list of any length costs one parameter, not one each."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [list(values)]
    return "IN (SELECT value FROM json_each(%s))", [json.dumps(list(values))]


def _rows(sql: str, params: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of one statement, fetched a batch at a time: a chunk's rows
    are never all held as tuples at once (which kept the garbage collector
    busy), and each batch is one call rather than one per row."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        while batch := cursor.fetchmany(ROWS_PER_FETCH):
            yield from batch


class _LocalDays:
    """Database times as local dates, each distinct value converted once."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self.seen: dict[Any, date] = {}

    def __call__(self, value: Any) -> date:
        day = self.seen.get(value)
        if day is None:
            # SQLite gives text (or a naive datetime) in UTC; PostgreSQL an aware datetime.
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            day = self.seen[value] = moment.astimezone(self.zone).date()
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


def gather_facts(
    routes: ChannelRoutes,
    moment: datetime,
    *,
    with_history: bool,
    addresses: Sequence[str] = (),
    subject_id: int | None = None,
) -> FactTable:
    """The facts at ``moment`` of each subject holding one of ``addresses``
    (in the channel's column), or of the one subject ``subject_id``;
    ``held`` maps each subject found to its address."""
    now = connection.ops.adapt_datetimefield_value(moment)
    column = connection.ops.quote_name(ADDRESS_COLUMNS.get(routes.channel, "email"))
    if subject_id is not None:
        rows = _rows(_sql(SUBJECT_BY_ID, column=column), [now, subject_id])
    else:
        condition, values = _in(list(addresses) or [NO_ADDRESS])
        rows = _rows(_sql(SUBJECTS_BY_ADDRESS, column=column, list=condition), [now, *values])
    table = FactTable(purposes=routes.consent_purposes)
    held, restricted = table.held, table.restricted
    for key, address, is_restricted in rows:
        held[key] = address or ""
        if is_restricted:
            restricted.add(key)
    local_day = _LocalDays(timezone.get_current_timezone())
    condition, ids = _in(list(held) or [NO_ID])
    if with_history:
        for (restricted_id,) in _rows(_sql(RESTRICTED_THEN, list=condition), [*ids, now, now]):
            restricted.add(restricted_id)
    for objected_id, since in _rows(_sql(OBJECTIONS, list=condition), [*ids, now, now]):
        table.objected[objected_id] = local_day(since)
    if routes.consent_purposes:
        _read_consents(table, condition, ids, routes.consent_purposes, now, local_day)
    if routes.exception_activities and routes.channel in EXCEPTION_CHANNELS:
        blocked = restricted | table.objected.keys()
        with_consent = {key for key, _purpose in table.consents}
        undecided = [key for key in held if key not in blocked and key not in with_consent]
        _read_exception(table, undecided, routes, moment)
    return table


def _read_consents(
    table: FactTable,
    condition: str,
    ids: list[Any],
    purposes: Sequence[str],
    now: Any,
    local_day: _LocalDays,
) -> None:
    """The latest entry per subject and purpose: rows come oldest first."""
    purpose_condition, purpose_values = _in(purposes)
    sql = _sql(ENTRIES, list=condition, purposes=purpose_condition)
    latest: dict[tuple[int, str], tuple[Any, int, Any]] = {}
    for subject_key, purpose, given, version, at in _rows(sql, [*ids, *purpose_values, now]):
        latest[(subject_key, purpose)] = (given, version, at)
    # Many subjects share a state (the same version given on the same day).
    states: dict[tuple[bool, int, date], ConsentState] = {}
    consents = table.consents
    for subject_purpose, (given, version, at) in latest.items():
        key = (bool(given), int(version), local_day(at))
        state = states.get(key)
        if state is None:
            state = states[key] = ConsentState(given=key[0], version=key[1], on=key[2])
        consents[subject_purpose] = state


def _read_exception(
    table: FactTable, undecided: list[int], routes: ChannelRoutes, moment: datetime
) -> None:
    """Customers among ``undecided``, and which of those gave their address in a sale."""
    now = connection.ops.adapt_datetimefield_value(moment)
    today = connection.ops.adapt_datefield_value(timezone.localdate(moment))
    condition, ids = _in(undecided or [NO_ID])
    params = [*ids, CUSTOMER_KIND, today, *ids, CUSTOMER_KIND, today]
    customers = table.customers
    customers.update(row[0] for row in _rows(_sql(CUSTOMERS, list=condition), params))
    condition, ids = _in(sorted(customers) or [NO_ID])
    activity_condition, activities = _in(routes.exception_activities)
    category = EMAIL_CATEGORY if routes.channel == "email" else PHONE_CATEGORY
    sql = _sql(SALE_RECORDS, list=condition, activities=activity_condition)
    held = table.held
    for owner, value in _rows(sql, [*ids, category, "data_subject", now, *activities]):
        if value and value == held[owner]:
            table.sale_addresses.add(owner)
