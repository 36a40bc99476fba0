"""The eligibility index: the answer now for every registered address on
the address channels (e-mail, SMS), kept so that a list of a million
addresses is answered by one read of the index instead of gathering every
subject's facts again.

Rules:

- The index is only ever read after ``bring_up_to_date``, in the same call.
  Database triggers (migration ``consent.0003``) note in
  ``EligibilityChange`` every subject whose facts changed, whatever wrote
  them; bringing up to date works those subjects' answers out again with
  the same rules and facts as a lookup at an earlier time
  (``decision.decide`` on ``eligibility_facts.gather_facts``), so the two
  cannot disagree.
- Another declaration (its routes) or time zone (reasons name local dates)
  rebuilds the whole index. So does a large batch of changes, which is
  cheaper to redo than to patch.
- A fact dated later than now (no action stores one; a bulk load might)
  sets the answer's ``changes_at``; the answer is worked out again once
  that moment has passed.
- Only answers other than plain "not eligible" are stored, so an address
  without a row is answered exactly like one not in the register. All
  holders of a shared address are worked out together and their rows hold
  the answer for the address (``decision.combine``, in subject order).
- Rows of a deleted subject, or of an address a subject no longer has, are
  removed by the triggers in the transaction that deletes or changes it.
- Bringing up to date is one transaction, serialised (an advisory lock on
  PostgreSQL, the write lock on SQLite), and safe to run at any time.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import repeat
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from persondata.consent.decision import (
    NOT_ELIGIBLE,
    ChannelRoutes,
    Eligibility,
    combine,
    decide,
    routes_for,
)
from persondata.consent.eligibility_facts import ADDRESS_COLUMNS, gather_facts
from persondata.consent.models import (
    EligibilityAnswer,
    EligibilityChange,
    EligibilityIndexState,
    EligibilityReason,
)
from persondata.lib.sql import one_of, table_names
from persondata.policy.models import DeclarationVersion
from persondata.policy.queries import declaration_of
from persondata.subjects.models import DataSubject

CHANNELS = tuple(ADDRESS_COLUMNS)
# Subjects whose facts are gathered per statement while rebuilding.
CHUNK_SIZE = 200_000
# Beyond this many changed subjects, a rebuild is cheaper than patching.
REBUILD_AFTER = 100_000
# Whole channels of at most this many answers are kept in memory between
# calls (about 150 bytes each).
KEEP_AT_MOST = 2_000_000
# Any number that other advisory locks of the product do not use.
_LOCK = 0x70D_E11
_TABLES = {
    "answers": EligibilityAnswer,
    "changes": EligibilityChange,
    "states": EligibilityIndexState,
    "reasons": EligibilityReason,
    "subjects": DataSubject,
    "versions": DeclarationVersion,
}
_ROUTES: dict[str, dict[str, ChannelRoutes]] = {}
_INSERT = "INSERT INTO {answers} (subject_id, channel, address, reason_id, changes_at) "
_UNNEST = (
    "SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::bigint[], %s::timestamptz[])"
)
# A row to store: subject id, address, answer, changes_at.
Row = tuple[int, str, Eligibility, datetime | None]


def routes_now() -> tuple[str, dict[str, ChannelRoutes]]:
    """The applied declaration's hash and its routes to every channel
    (worked out once per version; only the newest version's hash is read
    each time). Before any declaration: an empty hash and no routes."""
    version = DeclarationVersion.objects.order_by("-number").only("number", "sha256").first()
    if version is None:
        return "", {}
    return version.sha256, _routes_of(version.sha256)


def _routes_of(sha: str) -> dict[str, ChannelRoutes]:
    """The routes of the applied version with hash ``sha`` (none for "")."""
    routes = _ROUTES.get(sha)
    if routes is None:
        version = DeclarationVersion.objects.filter(sha256=sha).order_by("-number").first()
        if version is None:
            return {}
        declaration = declaration_of(version)
        routes = {c: routes_for(declaration, c) for c in ("email", "sms", "phone", "post")}
        _ROUTES[sha] = routes
    return routes


def _sql(template: str, **parts: str) -> str:
    return template.format(**table_names(_TABLES), **parts)


class IndexState(NamedTuple):
    """What reading the index needs to know of it: about how many answers
    the channel has (exact after a rebuild; patches keep it close) and the
    token of its current content (new whenever the content changes)."""

    answers: int
    token: str


def bring_up_to_date(channel: str = "email", *, now: datetime | None = None) -> IndexState:
    """Work out again the answers of every subject noted as changed, or whose
    answer's ``changes_at`` has passed; rebuild the index when the
    declaration or time zone changed. One statement when nothing did.
    Returns the channel's state after it."""
    moment = now or timezone.now()
    zone = settings.TIME_ZONE
    adapted = connection.ops.adapt_datetimefield_value(moment)
    with connection.cursor() as cursor:
        # One round trip: the applied declaration's hash, whether the index
        # was built for it and this zone, whether anything changed since.
        cursor.execute(
            _sql(
                "SELECT v.sha, (SELECT COUNT(*) FROM {states} WHERE declaration_sha256 = v.sha "
                "AND time_zone = %s), EXISTS (SELECT 1 FROM {changes}), "
                "EXISTS (SELECT 1 FROM {answers} WHERE changes_at <= %s), s.answers, s.token "
                "FROM (SELECT COALESCE((SELECT sha256 FROM {versions} ORDER BY number DESC "
                "LIMIT 1), '') AS sha) v LEFT JOIN {states} s ON s.channel = %s"
            ),
            [zone, adapted, channel],
        )
        sha, current, changed, expired, answers, token = cursor.fetchone()
    if current == len(CHANNELS) and not changed and not expired and token is not None:
        return IndexState(int(answers), token)
    routes = _routes_of(sha)
    rebuilt = _bring_up_to_date(routes, moment, sha, zone, adapted)
    if rebuilt and connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A rebuild left every old row and note dead: clear them and give the
        # planner statistics now, not when autovacuum gets round to it (until
        # then, asking whether anything changed reads a million dead notes).
        with connection.cursor() as cursor:
            cursor.execute(_sql("VACUUM ANALYZE {changes}, {answers}"))
    state = EligibilityIndexState.objects.get(channel=channel)
    return IndexState(state.answers, state.token)


def _bring_up_to_date(
    routes: dict[str, ChannelRoutes], moment: datetime, sha: str, zone: str, adapted: Any
) -> bool:
    """Bring the index up to date in one transaction; True if it was rebuilt."""
    with transaction.atomic():
        _lock()
        states = {
            s.channel: (s.declaration_sha256, s.time_zone)
            for s in EligibilityIndexState.objects.all()
        }
        writer = _Writer()
        if any(states.get(c) != (sha, zone) for c in CHANNELS):
            _rebuild(writer, routes, moment, sha, zone)
            return True
        affected = _take_changes() | _expired(adapted)
        if len(affected) > REBUILD_AFTER:
            _rebuild(writer, routes, moment, sha, zone)
            return True
        ids = sorted(affected)
        for channel in CHANNELS:
            holders = _holders_of_addresses_of(channel, ids)
            removed = _delete_rows(channel, sorted(affected | set(holders)))
            added = _work_out(writer, _route(routes, channel), moment, holders)
            EligibilityIndexState.objects.filter(channel=channel).update(
                answers=Greatest(F("answers") + (added - removed), 0), token=uuid.uuid4().hex
            )
    return False


def _route(routes: dict[str, ChannelRoutes], channel: str) -> ChannelRoutes:
    return routes.get(channel) or ChannelRoutes(channel, (), ())


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])


def _take_changes() -> set[int]:
    """The subjects noted as changed, removing the notes. A note written by
    a transaction that commits after this one started stays for the next."""
    with connection.cursor() as cursor:
        cursor.execute(_sql("DELETE FROM {changes} RETURNING subject_id"))
        return {row[0] for row in cursor.fetchall()}


def _expired(adapted_now: Any) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            _sql("SELECT subject_id FROM {answers} WHERE changes_at <= %s"), [adapted_now]
        )
        return {row[0] for row in cursor.fetchall()}


def _holders_of_addresses_of(channel: str, ids: Sequence[int]) -> list[int]:
    """Every subject holding the channel's address of one of ``ids`` (the
    subjects themselves included), in id order. Two lookups by index, the
    ids' addresses and then their holders: one statement let PostgreSQL
    walk the whole register instead."""
    if not ids:
        return []
    column = connection.ops.quote_name(ADDRESS_COLUMNS[channel])
    condition, params = one_of(list(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            _sql(f"SELECT DISTINCT {column} FROM {{subjects}} WHERE id {condition}"),  # noqa: S608
            params,
        )
        addresses = [row[0] for row in cursor.fetchall() if row[0]]
        if not addresses:
            return []
        condition, params = one_of(addresses)
        cursor.execute(
            _sql(f"SELECT id FROM {{subjects}} WHERE {column} {condition}"),  # noqa: S608
            params,
        )
        return sorted(row[0] for row in cursor.fetchall())


def _delete_rows(channel: str, ids: Sequence[int]) -> int:
    if not ids:
        return 0
    condition, params = one_of(list(ids))
    # By the subject index on SQLite, whatever the statistics say.
    indexed = "" if connection.vendor == "postgresql" else " INDEXED BY eligibility_subject"
    with connection.cursor() as cursor:
        cursor.execute(
            _sql(
                f"DELETE FROM {{answers}}{indexed} WHERE subject_id {condition} AND channel = %s"  # noqa: S608
            ),
            [*params, channel],
        )
        return max(cursor.rowcount, 0)


def _rebuild(
    writer: _Writer, routes: dict[str, ChannelRoutes], moment: datetime, sha: str, zone: str
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_sql("DELETE FROM {changes}"))
        cursor.execute(_sql("DELETE FROM {answers}"))
    for channel in CHANNELS:
        column = connection.ops.quote_name(ADDRESS_COLUMNS[channel])
        with connection.cursor() as cursor:
            cursor.execute(
                _sql(f"SELECT id FROM {{subjects}} WHERE {column} <> '' ORDER BY id")  # noqa: S608
            )
            holders = [row[0] for row in cursor.fetchall()]
        added = _work_out(writer, _route(routes, channel), moment, holders)
        EligibilityIndexState.objects.update_or_create(
            channel=channel,
            defaults={
                "declaration_sha256": sha,
                "time_zone": zone,
                "built_at": moment,
                "answers": added,
                "token": uuid.uuid4().hex,
            },
        )


def _work_out(writer: _Writer, routes: ChannelRoutes, moment: datetime, ids: list[int]) -> int:
    """Gather and decide the answers of ``ids`` (all holders of their
    addresses) on the route's channel and store those worth a row; the
    number of rows stored."""
    if not ids or not (routes.consent_purposes or routes.exception_activities):
        # No route to the channel: nobody is eligible and no fact can change that.
        return 0
    first: dict[str, Eligibility] = {}
    shared: dict[str, list[Eligibility]] = {}
    stored = 0
    for start in range(0, len(ids), CHUNK_SIZE):
        table = gather_facts(
            routes,
            moment,
            with_history=False,
            with_later=True,
            subject_ids=ids[start : start + CHUNK_SIZE],
        )
        decided: dict[tuple[Any, ...], Eligibility] = {}
        rows: list[Row] = []
        changes_at = table.changes_at
        for key in sorted(table.held):
            address = table.held[key]
            signature = table.signature(key)
            answer = decided.get(signature)
            if answer is None:
                answer = decided[signature] = decide(table.facts(key), routes)
            later = changes_at.get(key)
            if answer == NOT_ELIGIBLE and later is None:
                continue
            rows.append((key, address, answer, later))
            before = first.get(address)
            if before is None:
                first[address] = answer
            else:
                shared.setdefault(address, [before]).append(answer)
        stored += writer.insert(routes.channel, rows)
    if shared:
        writer.share(routes.channel, {a: combine(answers) for a, answers in shared.items()})
    return stored


class _Writer:
    """Stores rows of the index, with the reasons' numbers (read once per
    bringing up to date, added to when a new reason appears)."""

    def __init__(self) -> None:
        self.numbers = {
            Eligibility(r.eligible, r.reason): r.pk for r in EligibilityReason.objects.all()
        }

    def number(self, answer: Eligibility) -> int:
        number = self.numbers.get(answer)
        if number is None:
            reason, _ = EligibilityReason.objects.get_or_create(
                eligible=answer.eligible, reason=answer.reason
            )
            number = self.numbers[answer] = reason.pk
        return number

    def insert(
        self, channel: str, rows: list[tuple[int, str, Eligibility, datetime | None]]
    ) -> int:
        if not rows:
            return 0
        adapt = connection.ops.adapt_datetimefield_value
        values = [
            (key, channel, address, self.number(answer), None if later is None else adapt(later))
            for key, address, answer, later in rows
        ]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                columns = list(zip(*values, strict=True))
                cursor.execute(
                    _sql(_INSERT + _UNNEST),
                    [list(column) for column in columns],
                )
            else:
                cursor.executemany(
                    _sql(_INSERT + "VALUES (%s, %s, %s, %s, %s)"),
                    values,
                )
        return len(values)

    def share(self, channel: str, answers: dict[str, Eligibility]) -> None:
        """Give every row of each shared address the answer for the address."""
        with connection.cursor() as cursor:
            cursor.executemany(
                _sql("UPDATE {answers} SET reason_id = %s WHERE channel = %s AND address = %s"),
                [(self.number(answer), channel, address) for address, answer in answers.items()],
            )


def _reasons() -> dict[int, Eligibility]:
    return {r.pk: Eligibility(r.eligible, r.reason) for r in EligibilityReason.objects.all()}


# The whole channel as last read by this process, with the token of the
# index's content it was read from: (token, answers) per channel.
_WHOLE: dict[str, tuple[str, dict[str, Eligibility]]] = {}


def whole_channel(channel: str, state: IndexState) -> dict[str, Eligibility]:
    """Every address of the channel that has an answer other than "not
    eligible", with it; ``state`` from ``bring_up_to_date`` just before.

    Read one reason at a time, each reason's addresses as one text: a
    million rows cost a few large values, not a million small ones. The
    answers are kept in the process while the index's content is unchanged
    (the same token), up to ``KEEP_AT_MOST`` addresses, so that the next
    large list costs no read; any change to the index, an erasure
    included, makes a new token and so a new read.
    """
    kept = _WHOLE.get(channel)
    if kept is not None and kept[0] == state.token:
        return kept[1]
    _WHOLE.pop(channel, None)
    reasons = _reasons()
    if connection.vendor == "postgresql":
        joined, indexed = "string_agg(address, E'\\n')", ""
    else:
        # In reason order from the index alone, whatever the statistics say.
        joined, indexed = "group_concat(address, char(10))", " INDEXED BY eligibility_by_reason"
    known: dict[str, Eligibility] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            _sql(
                f"SELECT reason_id, {joined} FROM {{answers}}{indexed} WHERE channel = %s "  # noqa: S608
                "GROUP BY reason_id"
            ),
            [channel],
        )
        for number, addresses in cursor.fetchall():
            known.update(zip(addresses.split("\n"), repeat(reasons[number])))
    if len(known) <= KEEP_AT_MOST:
        _WHOLE[channel] = (state.token, known)
    return known


def answers_for(addresses: Iterable[str], channel: str) -> dict[str, Eligibility]:
    """The answers of those of ``addresses`` (as stored) that have one other
    than "not eligible"; one statement."""
    wanted = list(addresses) or ["@"]
    params: list[Any]
    if connection.vendor == "postgresql":
        sql = (
            "SELECT a.address, r.eligible, r.reason FROM {answers} a "
            "JOIN {reasons} r ON r.id = a.reason_id WHERE a.channel = %s AND a.address = ANY(%s)"
        )
        params = [channel, wanted]
    else:
        # The list outside, each address looked up in the address index,
        # whatever the statistics say: without them (a new index), SQLite
        # would scan the channel's rows once per address.
        sql = (
            "SELECT a.address, r.eligible, r.reason FROM json_each(%s) j "
            "CROSS JOIN {answers} a INDEXED BY eligibility_address "
            "ON a.channel = %s AND a.address = j.value JOIN {reasons} r ON r.id = a.reason_id"
        )
        params = [json.dumps(wanted), channel]
    with connection.cursor() as cursor:
        cursor.execute(_sql(sql), params)
        return {address: Eligibility(bool(e), reason) for address, e, reason in cursor.fetchall()}
