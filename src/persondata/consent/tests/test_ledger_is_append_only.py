"""A stored consent entry cannot be changed or removed through the ORM."""

from __future__ import annotations

import pytest

from persondata.consent.models import ConsentEntry, LedgerIsAppendOnly
from persondata.consent.tests.factories import consent, make_subject

pytestmark = pytest.mark.usefixtures("declaration")


def test_saving_a_stored_entry_again_is_refused():
    entry = consent(make_subject())
    entry.given = False
    with pytest.raises(LedgerIsAppendOnly, match="saving a stored consent entry again"):
        entry.save()
    assert ConsentEntry.objects.get(pk=entry.pk).given is True


def test_deleting_an_entry_is_refused():
    entry = consent(make_subject())
    with pytest.raises(LedgerIsAppendOnly, match="deleting a consent entry"):
        entry.delete()
    assert ConsentEntry.objects.filter(pk=entry.pk).exists()


def test_updating_entries_through_a_queryset_is_refused():
    consent(make_subject())
    with pytest.raises(LedgerIsAppendOnly, match=r"updating consent entries \(given\)"):
        ConsentEntry.objects.filter(purpose="newsletter").update(given=False)
    assert ConsentEntry.objects.get().given is True


def test_deleting_entries_through_a_queryset_is_refused():
    consent(make_subject())
    with pytest.raises(LedgerIsAppendOnly, match="deleting consent entries"):
        ConsentEntry.objects.all().delete()
    assert ConsentEntry.objects.count() == 1


def test_bulk_updates_are_refused():
    entry = consent(make_subject())
    entry.version = 1
    with pytest.raises(LedgerIsAppendOnly, match="updating consent entries in bulk"):
        ConsentEntry.objects.bulk_update([entry], ["version"])
    assert ConsentEntry.objects.get().version == 2


def test_the_message_says_how_to_record_a_change():
    entry = consent(make_subject())
    with pytest.raises(LedgerIsAppendOnly, match="give_consent or withdraw_consent"):
        entry.delete()
