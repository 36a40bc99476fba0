"""The hash chain of the audit trail (SPEC section 6).

Rules, which ``verify_entries`` checks one by one:

- Entries are numbered 1, 2, 3, ... without gaps (``sequence``).
- Each entry's hash is SHA-256 over a canonical JSON form of its own fields
  (sequence, time, actor, action, object, subject pseudonym, details) and
  the previous entry's hash; the first entry follows GENESIS. Anyone with
  the rows can recompute it.
- A separate head row stores the last sequence and hash. Writers lock it
  before appending, so two transactions never extend the same entry (no
  fork), and verification compares the chain's end with it.

What is detected: an altered field changes that entry's hash; a removed
entry leaves a gap in the numbering; reordered or inserted entries break
the link to the previous hash; entries cut off the end, or added after it,
disagree with the head. What is not: the hashes are not keyed, so someone
who can rewrite the database can rebuild the whole chain and the head
consistently. Exporting the head hash now and then (it is printed by
``persondata audit verify --json``) to a place they cannot reach closes that
gap.

Subjects are named by ``pseudonym``, an HMAC with a key kept outside the
database, so that the trail holds no personal data and erasing a subject
leaves nothing that identifies them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """The one JSON text of ``value`` that hashes are computed over.

    Raises ValueError (naming the offending type) when ``value`` is not made
    of JSON values, including NaN and infinity, which JSON cannot carry.
    """
    try:
        return json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"audit details must be plain JSON values (text, numbers, true/false, null, "
            f"lists, mappings with text keys): {exc}"
        ) from None


def normalize_details(details: dict[str, Any] | None) -> dict[str, Any]:
    """``details`` as the database will give it back, so that the hash written
    is the hash recomputed later (tuples become lists, and so on).

    Raises ValueError when ``details`` is not a mapping of JSON values.
    """
    if details is None:
        return {}
    if not isinstance(details, dict):
        raise ValueError(f"audit details must be a mapping, not {type(details).__name__}")
    if not all(isinstance(key, str) for key in details):
        raise ValueError("audit details must have text keys only")
    normalized: dict[str, Any] = json.loads(canonical_json(details))
    return normalized


def entry_digest(
    *,
    sequence: int,
    created_at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    subject_ref: str,
    details: Any,
    previous_hash: str,
) -> str:
    """The SHA-256 hex digest of one entry; ``created_at`` must be timezone-aware."""
    payload = canonical_json(
        [
            sequence,
            created_at.isoformat(timespec="microseconds"),
            actor,
            action,
            object_type,
            object_id,
            subject_ref,
            details,
            previous_hash,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def pseudonym(key: str, value: str) -> str:
    """The keyed pseudonym of a subject identifier (HMAC-SHA256, hex).

    Stable for one key, unrelated under another, and not reversible without
    the key (Art. 4(5) pseudonymisation).
    """
    return hmac.new(key.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()


class ChainedEntry(Protocol):
    """What ``verify_entries`` reads from an entry (an AuditEntry row fits)."""

    @property
    def sequence(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def actor(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def object_type(self) -> str: ...
    @property
    def object_id(self) -> str: ...
    @property
    def subject_ref(self) -> str: ...
    @property
    def details(self) -> Any: ...
    @property
    def previous_hash(self) -> str: ...
    @property
    def entry_hash(self) -> str: ...


@dataclass(frozen=True)
class ChainBreak:
    """The first broken place: the entry number and, in words, what is wrong."""

    sequence: int
    reason: str


@dataclass(frozen=True)
class Verification:
    """``verified`` entries checked out before ``first_break`` (None: intact)."""

    verified: int
    first_break: ChainBreak | None
    head_sequence: int | None = None
    head_hash: str | None = None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def _digest_of(entry: ChainedEntry) -> str:
    return entry_digest(
        sequence=entry.sequence,
        created_at=entry.created_at,
        actor=entry.actor,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        subject_ref=entry.subject_ref,
        details=entry.details,
        previous_hash=entry.previous_hash,
    )


def _check_head(
    count: int, last_hash: str, head: tuple[int, str] | None
) -> tuple[int, ChainBreak | None]:
    """Compare the end of an intact run of ``count`` entries with the head.

    Returns how many entries stand verified and the break, if any.
    """
    if head is None:
        if count == 0:
            return 0, None
        return count, ChainBreak(
            count + 1,
            f"the chain head row is missing while {count} entries exist, so entries "
            "removed from the end cannot be ruled out",
        )
    head_sequence, head_hash = head
    if count < head_sequence:
        missing = (
            f"#{count + 1}" if count + 1 == head_sequence else f"#{count + 1}-#{head_sequence}"
        )
        return count, ChainBreak(
            count + 1,
            f"it is missing: the chain ends at #{count} but the head records #{head_sequence}, "
            f"so entries {missing} were removed from the end",
        )
    if count > head_sequence:
        return head_sequence, ChainBreak(
            head_sequence + 1,
            f"it lies beyond the head, which records #{head_sequence}: it was added without "
            "the head (forged) or the head was altered",
        )
    if head_hash != last_hash:
        return max(count - 1, 0), ChainBreak(
            max(count, 1),
            "its hash differs from the one the head records: the entry or the head was altered",
        )
    return count, None


@dataclass(frozen=True)
class Walk:
    """How far an in-order walk over the entries got before any break."""

    count: int
    last_hash: str
    first_break: ChainBreak | None


def walk_entries(entries: Iterable[ChainedEntry]) -> Walk:
    """Check numbering, links and hashes of ``entries`` (in sequence order),
    stopping at the first break. The chain's end is checked by ``check_end``.
    """
    expected_previous = GENESIS
    expected_sequence = 1
    count = 0
    for entry in entries:
        if entry.sequence != expected_sequence:
            if entry.sequence > expected_sequence:
                reason = (
                    f"it is missing (the next entry found is #{entry.sequence}): "
                    "an entry was removed or the entries were renumbered"
                )
            else:
                reason = (
                    f"#{entry.sequence} was found where #{expected_sequence} was expected: "
                    "the entries are out of order or were renumbered"
                )
            return Walk(count, expected_previous, ChainBreak(expected_sequence, reason))
        if entry.previous_hash != expected_previous:
            reason = (
                "its previous-hash does not match the entry before it: "
                "entries were reordered, inserted or altered"
            )
            return Walk(count, expected_previous, ChainBreak(entry.sequence, reason))
        if _digest_of(entry) != entry.entry_hash:
            return Walk(
                count, expected_previous, ChainBreak(entry.sequence, "its content was altered")
            )
        expected_previous = entry.entry_hash
        expected_sequence += 1
        count += 1
    return Walk(count, expected_previous, None)


def check_end(walk: Walk, head: tuple[int, str] | None) -> Verification:
    """The verdict on a walk, given the stored head (sequence, hash) read in the
    same snapshot, or None when the head row is missing.
    """
    head_sequence, head_hash = head if head is not None else (None, None)
    if walk.first_break is not None:
        return Verification(walk.count, walk.first_break, head_sequence, head_hash)
    verified, first_break = _check_head(walk.count, walk.last_hash, head)
    return Verification(verified, first_break, head_sequence, head_hash)


def verify_entries(
    entries: Iterable[ChainedEntry], *, head: tuple[int, str] | None
) -> Verification:
    """Walk ``entries`` in sequence order and report the first break.

    ``head`` is the stored (sequence, hash) of the last entry, or None when
    the head row is missing (itself a break unless there are no entries).
    Comparing with it detects a cut-off or extended end, which the links
    between entries alone cannot show.
    """
    return check_end(walk_entries(entries), head)
