"""Benchmark: the retention sweep at scale, beside raw SQL doing the same deletion.

    python bench/retention.py [--subjects 1000000] [--records-per-subject 10]
                              [--databases sqlite,postgres] [--batch 5000]

For each database, in a fresh database: generate the register (20 % of the
subjects are former customers whose records are all due), recompute every
due date, change the declaration (3 -> 4 years) and recompute again, time
the plan, then time the raw SQL baseline (inside a transaction that is
rolled back) and the real sweep on the same rows. Results go to
bench/results/retention.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, end_bulk_load, peak_memory_mb, run_on_databases, start_bulk_load, timed

REFERENCE = ROOT.parent / "shared" / "examples" / "eksempel.yaml"
DEMO = ROOT / "examples" / "demo.yaml"
CATEGORIES = [
    "user.name",
    "user.contact.address",
    "user.contact.email",
    "user.contact.phone_number",
    "user.contact.organization",
    "user.job_title",
    "user.demographic.date_of_birth",
    "dk.power_of_attorney",
    "user.behavior.purchase_history",
]
ACTIVITY = "customer_administration"
CHUNK = 20_000


def _generate(subjects: int, per_subject: int, due_share: float) -> dict[str, int]:
    from django.db import connection

    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    collected = datetime(2019, 1, 10, 12, tzinfo=UTC)
    vendor = connection.vendor

    def stamp(value: datetime) -> Any:
        return value if vendor == "postgresql" else value.strftime("%Y-%m-%d %H:%M:%S")

    def ident(value: uuid.UUID) -> Any:
        return value if vendor == "postgresql" else value.hex

    former_every = round(1 / due_share)
    counts = {"subjects": 0, "records": 0, "links": 0, "due_subjects": 0}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM subjects_datasubject")
        base = cursor.fetchone()[0]
    record_id = 0
    indexes = start_bulk_load(list(COLUMNS))
    for start in range(0, subjects, CHUNK):
        stop = min(start + CHUNK, subjects)
        subject_rows, relationship_rows, record_rows, link_rows = [], [], [], []
        for i in range(start, stop):
            sid = base + i + 1
            subject_rows.append(
                (
                    sid,
                    ident(uuid.uuid4()),
                    '["customer"]',
                    f"Kunde {i}",
                    f"k{i}@example.dk",
                    "",
                    "",
                    "",
                    "",
                    "da",
                    stamp(now),
                    stamp(now),
                )
            )
            ended = date(2019, 6, 30) if i % former_every == 0 else None
            counts["due_subjects"] += ended is not None
            relationship_rows.append((sid, "customer", date(2015, 1, 1), ended))
            for n in range(per_subject):
                record_id += 1
                category = CATEGORIES[n % len(CATEGORIES)]
                record_rows.append(
                    (
                        record_id,
                        sid,
                        category,
                        f"value {i}-{n}",
                        "data_subject",
                        stamp(collected),
                        stamp(now),
                        "",
                    )
                )
                link_rows.append((record_id, sid, ACTIVITY, stamp(now)))
        if vendor == "postgresql":
            _copy_rows(subject_rows, relationship_rows, record_rows, link_rows)
        else:
            _insert_rows(subject_rows, relationship_rows, record_rows, link_rows)
        counts["subjects"] += len(subject_rows)
        counts["records"] += len(record_rows)
        counts["links"] += len(link_rows)
        print(f"  generated {counts['subjects']:,} subjects", flush=True)
    end_bulk_load(indexes)
    _finish_generation(vendor)
    return counts


COLUMNS = {
    "subjects_datasubject": "id, key, categories, display_name, email, phone, customer_number, "
    "cpr_encrypted, cpr_digest, language, created_at, updated_at",
    "subjects_relationship": "subject_id, kind, started, ended",
    "subjects_record": "id, subject_id, data_category, value, source, collected_at, updated_at, "
    "due_activity",
    "subjects_purposelink": "record_id, subject_id, activity, restricted, created_at",
}


def _copy_rows(subjects: list, relationships: list, records: list, links: list) -> None:
    """PostgreSQL: COPY, the way a real bulk load would be done."""
    from django.db import connection, transaction

    links = [(r, s, a, False, c) for r, s, a, c in links]
    with transaction.atomic():
        raw = connection.connection
        with raw.cursor() as cursor:
            for table, rows in (
                ("subjects_datasubject", subjects),
                ("subjects_relationship", relationships),
                ("subjects_record", records),
                ("subjects_purposelink", links),
            ):
                with cursor.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)


def _insert_rows(subjects: list, relationships: list, records: list, links: list) -> None:
    from django.db import connection, transaction

    links = [(r, s, a, False, c) for r, s, a, c in links]
    with transaction.atomic(), connection.cursor() as cursor:
        for table, rows in (
            ("subjects_datasubject", subjects),
            ("subjects_relationship", relationships),
            ("subjects_record", records),
            ("subjects_purposelink", links),
        ):
            marks = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", rows)


def _finish_generation(vendor: str) -> None:
    from django.db import connection

    if vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("subjects_datasubject", "subjects_record", "subjects_purposelink"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


BASELINE_SQL = [
    "CREATE TEMPORARY TABLE bench_due AS SELECT r.id, r.subject_id FROM subjects_record r "
    "WHERE r.due_on <= %(as_of)s "
    "AND NOT EXISTS (SELECT 1 FROM subjects_purposelink l WHERE l.record_id = r.id "
    "AND (l.due_on IS NULL OR l.due_on > %(as_of)s)) "
    "AND NOT EXISTS (SELECT 1 FROM subjects_legalhold h WHERE h.subject_id = r.subject_id "
    "AND h.activity IS NULL AND h.lifted_at IS NULL AND h.starts_on <= %(as_of)s "
    "AND (h.ends_on IS NULL OR h.ends_on >= %(as_of)s))",
    "DELETE FROM subjects_purposelink WHERE record_id IN (SELECT id FROM bench_due)",
    "DELETE FROM subjects_record WHERE id IN (SELECT id FROM bench_due)",
    "CREATE TEMPORARY TABLE bench_empty AS SELECT DISTINCT d.subject_id AS id FROM bench_due d "
    "WHERE NOT EXISTS (SELECT 1 FROM subjects_record r WHERE r.subject_id = d.subject_id)",
    "DELETE FROM subjects_relationship WHERE subject_id IN (SELECT id FROM bench_empty)",
    "DELETE FROM subjects_datasubject WHERE id IN (SELECT id FROM bench_empty)",
]


def _baseline(as_of: date) -> tuple[float, float, int]:
    """Time the raw SQL deletion of exactly the rows the sweep erases, then roll back.

    Returns the time with the foreign-key checks the deletion sets off, the
    time of the statements alone, and the number of records. PostgreSQL
    checks Django's foreign keys (DEFERRABLE INITIALLY DEFERRED) at commit,
    and this transaction is rolled back, so they are run before the clock
    stops (SET CONSTRAINTS ALL IMMEDIATE): the sweep pays for them in every
    batch's commit. SQLite checks them during the DELETEs themselves."""
    from django.db import connection, transaction

    params = {"as_of": as_of}
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_due")
        cursor.execute("DROP TABLE IF EXISTS bench_empty")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            start = time.perf_counter()
            for statement in BASELINE_SQL:
                cursor.execute(statement, params)
            statements = time.perf_counter() - start
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            elapsed = time.perf_counter() - start
            cursor.execute("SELECT COUNT(*) FROM bench_due")
            deleted = cursor.fetchone()[0]
            raise _Rollback
    except _Rollback:
        pass
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_due")
        cursor.execute("DROP TABLE IF EXISTS bench_empty")
    return elapsed, statements, deleted


class _Rollback(Exception):
    pass


def child(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from persondata.policy.actions import apply_declaration
    from persondata.retention import engine, sweep

    results: dict[str, Any] = {"database": connection.vendor}
    call_command("migrate", verbosity=0)
    source = REFERENCE if REFERENCE.exists() else DEMO
    apply_declaration(path=source, actor_label="bench")
    with timed(results, "generate_s"):
        results["counts"] = _generate(args.subjects, args.records_per_subject, 0.2)
    with timed(results, "recompute_initial_s"):
        results["links_changed_initial"] = engine.recompute_all()
    changed = Path(tempfile.mkdtemp()) / "changed.yaml"
    changed.write_text(
        source.read_text(encoding="utf-8").replace("- keep: 3y\n", "- keep: 4y\n", 1),
        encoding="utf-8",
    )
    apply_declaration(path=changed, actor_label="bench")
    with timed(results, "recompute_after_declaration_change_s"):
        results["links_changed_by_declaration"] = engine.recompute_all()
    as_of = date(2026, 3, 2)
    with timed(results, "plan_s"):
        plan = sweep.plan(as_of=as_of)
    results["plan_records"] = plan.records
    baseline_s, statements_s, baseline_rows = _baseline(as_of)
    results["baseline_raw_sql_s"] = round(baseline_s, 3)
    results["baseline_statements_only_s"] = round(statements_s, 3)
    results["baseline_records"] = baseline_rows
    print(f"  baseline_raw_sql_s: {results['baseline_raw_sql_s']} s", flush=True)
    with timed(results, "sweep_s"):
        outcome = sweep.sweep(as_of=as_of, batch=args.batch, actor="bench")
    results["sweep_records"] = outcome.deleted + outcome.anonymised
    results["sweep_subjects_removed"] = outcome.subjects_removed
    results["sweep_batches"] = outcome.batches
    results["sweep_vs_baseline"] = round(results["sweep_s"] / max(baseline_s, 1e-9), 2)
    results["same_rows"] = results["sweep_records"] == baseline_rows == plan.records
    results["peak_memory_mb"] = round(peak_memory_mb(), 1)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--records-per-subject", type=int, default=10)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    payload: dict[str, Any] = {
        "benchmark": "retention",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "subjects": args.subjects,
        "records_per_subject": args.records_per_subject,
        "batch": args.batch,
        "goals": {
            "sweep_vs_baseline": "<= 2.0",
            "plan_s": "< 5",
            "recompute_after_declaration_change_s": "< 60",
            "peak_memory_mb": "< 1024",
        },
        "runs": {},
    }
    run_on_databases(
        "retention",
        Path(__file__),
        payload,
        args.databases,
        [
            "--subjects",
            str(args.subjects),
            "--records-per-subject",
            str(args.records_per_subject),
            "--batch",
            str(args.batch),
        ],
    )


if __name__ == "__main__":
    main()
