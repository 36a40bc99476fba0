"""On PostgreSQL, recompute_all's worker threads store exactly what one thread does.

Selected by the marker: `make ci` runs it in its PostgreSQL pass. The test
commits (transaction=True), because each worker thread reads the register
through a connection of its own.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from persondata.policy.actions import apply_declaration
from persondata.retention import engine
from persondata.retention.tests.engine_fixtures import ACTOR, REFERENCE, record, subject
from persondata.subjects import actions
from persondata.subjects.models import PurposeLink, Record


def _stored() -> tuple[list[tuple], list[tuple]]:
    links = list(PurposeLink.objects.order_by("id").values_list("id", "due_on", "due_rule"))
    records = list(
        Record.objects.order_by("id").values_list("id", "due_on", "due_activity", "due_rule")
    )
    return links, records


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_recompute_matches_the_single_threaded_one(tmp_path, monkeypatch, frozen_now):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: set DATABASE_URL to a PostgreSQL database")
    apply_declaration(path=REFERENCE, actor_label="test")
    for n in range(12):
        who = subject(["customer"])
        rel = actions.start_relationship(
            actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who
        )
        if n % 3:
            actions.end_relationship(actor=ACTOR, relationship=rel, ended=date(2020 + n % 4, 6, 30))
        record(who, "user.name", f"Kunde {n}", ["customer_administration"])
        record(who, "user.contact.email", f"k{n}@example.dk", ["customer_administration"])
    before = _stored()
    changed = tmp_path / "v2.yaml"
    changed.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("- keep: 3y\n", "- keep: 4y\n", 1),
        encoding="utf-8",
    )
    apply_declaration(path=changed, actor_label="test")
    # Three subjects a chunk: four chunks over two threads.
    monkeypatch.setattr(engine, "RANGE_CHUNK", 3)
    seen: list[int] = []
    parallel = engine.recompute_all(workers=2, progress=lambda done, total: seen.append(done))
    after_parallel = _stored()
    # The 8 former customers' 16 links move; the ongoing customers' links
    # change only in words, which are not stored.
    assert parallel == 16
    assert seen[-1] == 12 and sorted(seen) == seen
    assert after_parallel != before
    # Back to the old declaration and forward again, one thread this time.
    apply_declaration(path=REFERENCE, actor_label="test")
    assert engine.recompute_all(workers=1) == 16
    assert _stored() == before
    apply_declaration(path=changed, actor_label="test")
    assert engine.recompute_all(workers=1) == 16
    assert _stored() == after_parallel
