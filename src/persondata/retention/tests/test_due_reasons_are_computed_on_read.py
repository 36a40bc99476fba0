"""Links store only their due date and rule; the reason in words is computed
when read, so a declaration change that only rewords it writes no link."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from persondata.policy.actions import apply_declaration
from persondata.retention import engine, sweep
from persondata.retention.tests.engine_fixtures import ACTOR, REFERENCE, link, record, subject
from persondata.subjects import actions
from persondata.subjects.models import DataSubject, PurposeLink, Record

ACTIVITY = "customer_administration"


def _four_years(tmp_path: Path) -> Path:
    changed = tmp_path / "v2.yaml"
    changed.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("- keep: 3y\n", "- keep: 4y\n", 1),
        encoding="utf-8",
    )
    return changed


def _customer(ended: date | None = None) -> DataSubject:
    who = subject(["customer"])
    rel = actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who
    )
    if ended is not None:
        actions.end_relationship(actor=ACTOR, relationship=rel, ended=ended)
    return who


def _row(rec: Record) -> tuple[object, ...]:
    return (
        PurposeLink.objects.filter(record=rec, activity=ACTIVITY)
        .values_list("id", "due_on", "due_rule", "restricted", "created_at")
        .get()
    )


@pytest.mark.usefixtures("reference")
def test_a_wording_only_change_writes_no_link(tmp_path: Path):
    who = _customer()
    rec = record(who, "user.name", "Anna", [ACTIVITY])
    stored = _row(rec)
    link_id = link(rec, ACTIVITY).pk
    assert stored[:3] == (link_id, None, 0)
    assert engine.due_reasons([who.pk]) == {
        link_id: "kept while relationship_ended has not occurred (3y after it)"
    }
    apply_declaration(path=_four_years(tmp_path), actor_label="test")
    with CaptureQueriesContext(connection) as queries:
        assert engine.recompute_all() == 0
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert not [sql for sql in writes if "subjects_purposelink" in sql]
    assert _row(rec) == stored
    assert engine.due_reasons([who.pk]) == {
        link_id: "kept while relationship_ended has not occurred (4y after it)"
    }


@pytest.mark.usefixtures("reference")
def test_a_changed_date_is_still_written(tmp_path: Path):
    who = _customer(ended=date(2023, 6, 30))
    rec = record(who, "user.name", "Anna", [ACTIVITY])
    assert link(rec, ACTIVITY).due_on == date(2026, 6, 30)
    apply_declaration(path=_four_years(tmp_path), actor_label="test")
    assert engine.recompute_all() == 1
    moved = link(rec, ACTIVITY)
    assert (moved.due_on, moved.due_rule) == (date(2027, 6, 30), 0)
    assert Record.objects.get(pk=rec.pk).due_on == date(2027, 6, 30)
    assert engine.due_reasons([who.pk])[moved.pk].startswith(
        "4y after relationship_ended (2023-06-30)"
    )


@pytest.mark.usefixtures("reference")
def test_a_hold_with_an_end_is_in_the_reason():
    who = _customer(ended=date(2023, 6, 30))
    rec = record(who, "user.name", "Anna", [ACTIVITY])
    actions.set_legal_hold(actor=ACTOR, subject=who, reason="claim", ends_on=date(2026, 12, 31))
    assert link(rec, ACTIVITY).due_on == date(2027, 1, 1)
    assert engine.due_reasons([who.pk])[link(rec, ACTIVITY).pk].endswith(
        "; held by a legal hold until 2026-12-31"
    )


@pytest.mark.usefixtures("reference")
def test_the_plan_examples_give_the_computed_reason():
    rec = record(_customer(ended=date(2020, 1, 1)), "user.name", "Bo", [ACTIVITY])
    reason = engine.due_reasons([rec.subject_id])[link(rec, ACTIVITY).pk]
    [group] = sweep.plan(as_of=date(2026, 3, 2)).groups
    assert group.examples == [
        f"record {rec.pk} (user.name) of subject {rec.subject.key.hex[:8]}: {reason}"
    ]


@pytest.mark.usefixtures("reference")
def test_reasons_take_the_same_few_queries_for_many_subjects_and_links():
    one = _customer()
    record(one, "user.name", "Anna", [ACTIVITY])
    with CaptureQueriesContext(connection) as few:
        assert len(engine.due_reasons([one.pk])) == 1
    many = [_customer(ended=date(2020 + n, 6, 30)) for n in range(4)]
    for n, who in enumerate(many):
        record(who, "user.name", f"Kunde {n}", [ACTIVITY, "bookkeeping"])
        record(who, "user.contact.email", f"k{n}@example.dk", [ACTIVITY])
        record(who, "user.contact.address", f"Vestergade {n}", [ACTIVITY, "bookkeeping"])
    with CaptureQueriesContext(connection) as more:
        assert len(engine.due_reasons([one.pk, *(who.pk for who in many)])) == 1 + 4 * 5
    assert len(more) == len(few)


@pytest.mark.django_db
def test_before_a_declaration_every_reason_is_empty():
    moment = datetime(2026, 1, 5, 12, tzinfo=UTC)
    who = DataSubject.objects.create(
        display_name="Anna", categories=["customer"], created_at=moment, updated_at=moment
    )
    rec = Record.objects.create(
        subject=who,
        data_category="user.name",
        value="Anna",
        source="data_subject",
        collected_at=moment,
        updated_at=moment,
    )
    created = PurposeLink.objects.create(
        record=rec, subject=who, activity=ACTIVITY, created_at=moment
    )
    assert engine.due_reasons([who.pk]) == {created.pk: ""}
    assert engine.due_reasons([]) == {}
