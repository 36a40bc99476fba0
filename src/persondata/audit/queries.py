from __future__ import annotations

from persondata.audit.chain import Verification, verify_entries
from persondata.audit.models import AuditEntry, AuditHead


def verify_chain() -> Verification:
    """Verify the whole chain in sequence order, streaming the rows."""
    head = AuditHead.objects.filter(id=1).values_list("sequence", "entry_hash").first()
    entries = AuditEntry.objects.order_by("sequence").iterator(chunk_size=5000)
    return verify_entries(entries, head=(head[0], head[1]) if head else (0, "0" * 64))
