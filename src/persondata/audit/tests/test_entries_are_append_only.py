"""The ORM refuses to change or remove audit entries; nothing is changed by trying."""

from __future__ import annotations

import pytest

from persondata.audit.models import AuditEntry, AuditTrailIsAppendOnly
from persondata.audit.queries import verify_chain

pytestmark = pytest.mark.django_db


def _unchanged(chain: list[AuditEntry]) -> None:
    stored = list(AuditEntry.objects.values_list("sequence", "actor", "entry_hash"))
    assert stored == [(entry.sequence, entry.actor, entry.entry_hash) for entry in chain]
    assert verify_chain().ok


def test_saving_a_stored_entry_again_is_refused(chain_of_ten):
    entry = AuditEntry.objects.get(sequence=3)
    entry.actor = "someone else"
    with pytest.raises(AuditTrailIsAppendOnly, match=r"changing stored audit entry #3"):
        entry.save()
    _unchanged(chain_of_ten)


def test_saving_with_update_fields_is_refused(chain_of_ten):
    entry = AuditEntry.objects.get(sequence=3)
    entry.action = "other"
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save(update_fields=["action"])
    _unchanged(chain_of_ten)


def test_deleting_an_entry_is_refused(chain_of_ten):
    with pytest.raises(AuditTrailIsAppendOnly, match=r"deleting audit entry #4"):
        AuditEntry.objects.get(sequence=4).delete()
    _unchanged(chain_of_ten)


def test_queryset_update_is_refused(chain_of_ten):
    with pytest.raises(AuditTrailIsAppendOnly, match=r"updating audit entries \(actor\)"):
        AuditEntry.objects.filter(sequence__gte=5).update(actor="nobody")
    _unchanged(chain_of_ten)


def test_queryset_delete_is_refused(chain_of_ten):
    with pytest.raises(AuditTrailIsAppendOnly, match="deleting audit entries"):
        AuditEntry.objects.filter(sequence__gte=5).delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.all().delete()
    _unchanged(chain_of_ten)


def test_bulk_update_is_refused(chain_of_ten):
    entries = list(AuditEntry.objects.all())
    for entry in entries:
        entry.actor = "nobody"
    with pytest.raises(AuditTrailIsAppendOnly, match="updating audit entries in bulk"):
        AuditEntry.objects.bulk_update(entries, ["actor"])
    _unchanged(chain_of_ten)


def test_bulk_create_is_refused_because_it_bypasses_the_head(chain_of_ten):
    copy = AuditEntry.objects.get(sequence=10)
    copy.pk = None
    copy.sequence = 11
    with pytest.raises(AuditTrailIsAppendOnly, match="bypassing the chain head"):
        AuditEntry.objects.bulk_create([copy])
    _unchanged(chain_of_ten)


def test_update_or_create_of_a_stored_entry_is_refused(chain_of_ten):
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.update_or_create(sequence=2, defaults={"actor": "nobody"})
    _unchanged(chain_of_ten)


def test_the_error_says_how_to_record_a_correction(chain_of_ten):
    with pytest.raises(AuditTrailIsAppendOnly, match="write_audit_entry"):
        AuditEntry.objects.filter(sequence=1).update(action="x")
