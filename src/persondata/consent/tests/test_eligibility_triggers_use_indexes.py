"""The triggers' lookups of a deleted or changed subject's other holders go
through the address indexes: they run once per deleted subject, so a scan
of the register there made the retention sweep quadratic on SQLite."""

from __future__ import annotations

import importlib
import sqlite3

TRIGGERS = importlib.import_module("persondata.consent.migrations.0003_eligibility_triggers")


def test_each_sharers_lookup_searches_an_index():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE subjects_datasubject (id INTEGER PRIMARY KEY, email TEXT, phone TEXT)")
    db.execute("CREATE INDEX subject_email ON subjects_datasubject (email)")
    db.execute("CREATE INDEX subject_phone ON subjects_datasubject (phone)")
    # A register where nobody has a phone number (as in the benchmark): the
    # statistics then make an OR over both columns a scan.
    db.executemany(
        "INSERT INTO subjects_datasubject (email, phone) VALUES (?, ?)",
        [(f"p{i}@example.dk", "") for i in range(5000)],
    )
    db.execute("ANALYZE")
    assert len(TRIGGERS.SHARERS) == 2
    for select in TRIGGERS.SHARERS:
        sql = (
            select.format(row="old")
            .replace("old.email", "'a@b.dk'")
            .replace("old.phone", "'+4520000000'")
        )
        plan = " ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "SEARCH" in plan and "INDEX" in plan, (sql, plan)
