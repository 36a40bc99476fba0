"""The hash chain of the audit trail (SPEC section 6).

Rules: each entry's hash covers its own fields and the previous entry's
hash; the first entry follows GENESIS. An altered field changes the entry's
hash; a removed, inserted or reordered entry breaks the sequence or the
link to the previous hash. Hashes are SHA-256 over a canonical JSON form, so
that they can be recomputed by anyone with the rows.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


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
    """The keyed pseudonym of a subject identifier (HMAC-SHA256, hex)."""
    return hmac.new(key.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str


@dataclass(frozen=True)
class Verification:
    verified: int
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_entries(entries: Iterable[Any], *, head: tuple[int, str] | None = None) -> Verification:
    """Walk ``entries`` in sequence order and report the first break.

    ``head`` is the stored (sequence, hash) of the last entry; when given, a
    chain whose tail was cut off is detected too.
    """
    expected_previous = GENESIS
    expected_sequence = 1
    count = 0
    for entry in entries:
        if entry.sequence != expected_sequence:
            reason = (
                f"expected entry #{expected_sequence} but found #{entry.sequence}: "
                "an entry was removed, inserted or reordered"
            )
            return Verification(count, ChainBreak(entry.sequence, reason))
        if entry.previous_hash != expected_previous:
            reason = "its previous-hash does not match the entry before it"
            return Verification(count, ChainBreak(entry.sequence, reason))
        digest = entry_digest(
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
        if digest != entry.entry_hash:
            return Verification(count, ChainBreak(entry.sequence, "its content was altered"))
        expected_previous = entry.entry_hash
        expected_sequence += 1
        count += 1
    if head is not None and head != (count, expected_previous):
        reason = (
            f"the chain ends at #{count} but the head records #{head[0]}: "
            "entries were removed from the end or the head was altered"
        )
        return Verification(count, ChainBreak(count + 1, reason))
    return Verification(count, None)
