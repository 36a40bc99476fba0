"""Read-only questions about the audit trail."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Subquery

from persondata.audit.chain import Verification, check_end, walk_entries
from persondata.audit.models import HEAD_ID, AuditEntry, AuditHead, AuditVerification


def _head() -> tuple[int, str] | None:
    row = AuditHead.objects.filter(id=HEAD_ID).values_list("sequence", "entry_hash").first()
    return (row[0], row[1]) if row else None


def verify_chain() -> Verification:
    """Verify the whole chain in sequence order, streaming the rows, and
    compare its end with the stored head, so that a cut-off tail is detected.

    Writers may append while this runs, without locks: the head is read by
    the same SQL statement as the entries (one snapshot), so entries
    committed meanwhile are neither half-seen nor mistaken for forgeries.
    """
    head_before = _head()
    head_query = AuditHead.objects.filter(id=HEAD_ID)
    rows = (
        AuditEntry.objects.order_by("sequence")
        .annotate(
            head_sequence=Subquery(head_query.values("sequence")[:1]),
            head_hash=Subquery(head_query.values("entry_hash")[:1]),
        )
        .iterator(chunk_size=5000)
    )
    seen: list[tuple[int, str] | None] = []

    def entries() -> Iterator[AuditEntry]:
        for row in rows:
            if not seen:
                seen.append(
                    None if row.head_sequence is None else (row.head_sequence, row.head_hash)
                )
            yield row

    walk = walk_entries(entries())
    # With no entries in the snapshot the head read first is the right one:
    # any entry it counts was committed before the walk began.
    return check_end(walk, seen[0] if seen else head_before)


def last_verification() -> AuditVerification | None:
    """The most recent recorded verification, or None if the trail was never verified."""
    return AuditVerification.objects.order_by("-checked_at", "-id").first()
