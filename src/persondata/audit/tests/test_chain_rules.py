"""The pure chain rules (no database): any single change is found at the right entry."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from persondata.audit.chain import GENESIS, entry_digest, verify_entries


@dataclass(frozen=True)
class Entry:
    sequence: int
    created_at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    subject_ref: str
    details: Any
    previous_hash: str
    entry_hash: str


def build_chain(count: int) -> list[Entry]:
    entries: list[Entry] = []
    previous = GENESIS
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for sequence in range(1, count + 1):
        fields: dict[str, Any] = {
            "sequence": sequence,
            "created_at": start + timedelta(minutes=sequence),
            "actor": f"actor {sequence % 4}",
            "action": "thing.done",
            "object_type": "thing",
            "object_id": str(sequence),
            "subject_ref": "",
            "details": {"n": sequence},
            "previous_hash": previous,
        }
        entry = Entry(**fields, entry_hash=entry_digest(**fields))
        entries.append(entry)
        previous = entry.entry_hash
    return entries


def head_of(entries: list[Entry]) -> tuple[int, str]:
    return (entries[-1].sequence, entries[-1].entry_hash) if entries else (0, GENESIS)


def _changed(entry: Entry, field: str) -> Entry:
    value = getattr(entry, field)
    if field == "created_at":
        new: Any = value + timedelta(microseconds=1)
    elif field == "details":
        new = {"n": value["n"] + 1}
    elif field.endswith("hash"):
        new = ("1" if value[0] != "1" else "2") + value[1:]
    else:
        new = value + "!"
    return replace(entry, **{field: new})


FIELDS = [
    "created_at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "subject_ref",
    "details",
    "previous_hash",
    "entry_hash",
]
chains = st.integers(min_value=1, max_value=25).map(build_chain)


@given(chain=chains)
def test_an_untouched_chain_verifies_completely(chain):
    result = verify_entries(chain, head=head_of(chain))
    assert result.ok
    assert result.verified == len(chain)


@given(chain=chains, data=st.data(), field=st.sampled_from(FIELDS))
def test_changing_one_field_of_one_entry_breaks_the_chain_at_that_entry(chain, data, field):
    head = head_of(chain)
    index = data.draw(st.integers(min_value=0, max_value=len(chain) - 1))
    tampered = [*chain[:index], _changed(chain[index], field), *chain[index + 1 :]]
    result = verify_entries(tampered, head=head)
    assert result.first_break is not None
    assert result.first_break.sequence == index + 1
    assert result.verified == index


@given(chain=chains, data=st.data())
def test_removing_one_entry_breaks_the_chain_where_it_was(chain, data):
    head = head_of(chain)
    index = data.draw(st.integers(min_value=0, max_value=len(chain) - 1))
    result = verify_entries([*chain[:index], *chain[index + 1 :]], head=head)
    assert result.first_break is not None
    assert result.first_break.sequence == index + 1


@given(chain=chains.filter(lambda c: len(c) >= 2), data=st.data())
def test_swapping_the_numbers_of_two_entries_breaks_the_chain_at_the_first(chain, data):
    head = head_of(chain)
    first = data.draw(st.integers(min_value=0, max_value=len(chain) - 2))
    second = data.draw(st.integers(min_value=first + 1, max_value=len(chain) - 1))
    swapped = list(chain)
    swapped[first], swapped[second] = (
        replace(chain[second], sequence=chain[first].sequence),
        replace(chain[first], sequence=chain[second].sequence),
    )
    result = verify_entries(swapped, head=head)
    assert result.first_break is not None
    assert result.first_break.sequence == first + 1


@given(chain=chains, cut=st.integers(min_value=1, max_value=25))
def test_cutting_off_the_tail_is_found_through_the_head(chain, cut):
    cut = min(cut, len(chain))
    result = verify_entries(chain[: len(chain) - cut], head=head_of(chain))
    assert result.first_break is not None
    assert result.first_break.sequence == len(chain) - cut + 1


def test_a_missing_head_is_a_break_only_when_entries_exist():
    assert verify_entries([], head=None).ok
    result = verify_entries(build_chain(3), head=None)
    assert result.first_break is not None
    assert "head row is missing" in result.first_break.reason


def test_a_head_whose_hash_differs_points_at_the_last_entry():
    chain = build_chain(4)
    result = verify_entries(chain, head=(4, "0" * 63 + "1"))
    assert result.first_break is not None
    assert result.first_break.sequence == 4
    assert result.verified == 3


def test_an_entry_numbered_below_its_place_is_reported_where_it_was_found():
    chain = build_chain(3)
    renumbered = [chain[0], replace(chain[1], sequence=1), chain[2]]
    result = verify_entries(renumbered, head=head_of(chain))
    assert result.first_break is not None
    assert result.first_break.sequence == 2
    assert result.first_break.reason.startswith("#1 was found where #2 was expected")
