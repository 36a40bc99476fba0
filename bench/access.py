"""Benchmark: the access report (JSON) for a random subject, beside the raw indexed
queries that fetch the same rows, in the same run.

    python bench/access.py [--subjects 1000000] [--records-per-subject 10]
                           [--samples 500] [--databases sqlite,postgres]

For each database, in a fresh database: apply examples/demo.yaml, generate
the register (COPY on PostgreSQL, executemany in large transactions on
SQLite): customers with records held for subscriptions, bookkeeping, the
newsletter, offers and the security log, stored due dates, a customer
relationship and two events each. Then, for
``--samples`` random subjects time (a) the raw indexed queries that read the
subject, its records joined to their purpose links, its events, its contact
links and its relationships (the generated customers represent no
organisation, so neither path asks for organisations' relationships), and
(b) the access report as JSON: loading the subject, every datastore's
``access``, ``access_report_data`` and ``json.dumps``. The two are
interleaved per subject. Results (p50/p95 in ms and the ratio) go to
bench/results/access.json. Goal: report p95 under 50 ms and within 3x of
the raw queries' p95.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, end_bulk_load, peak_memory_mb, run_on_databases, start_bulk_load, timed

DEMO = ROOT / "examples" / "demo.yaml"
CHUNK = 20_000
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
COLLECTED = datetime(2025, 11, 3, 12, tzinfo=UTC)
CUSTOMER_SINCE = date(2024, 5, 1)
LAST_PURCHASE = date(2025, 11, 3)
LAST_CONTACT = date(2026, 1, 15)
# (data category, activities, due date of the links): ten records per customer.
RECORDS = [
    ("user.name", ("subscriptions", "bookkeeping"), date(2031, 9, 30)),
    ("user.contact.email", ("subscriptions", "newsletter"), None),
    ("user.contact.phone_number", ("subscriptions",), None),
    ("user.contact.address", ("subscriptions", "bookkeeping"), date(2031, 9, 30)),
    ("user.payment", ("bookkeeping",), date(2030, 9, 30)),
    ("user.payment", ("bookkeeping",), date(2031, 9, 30)),
    ("user.payment", ("bookkeeping",), date(2031, 9, 30)),
    ("user.behavior.purchase_history", ("customer_offers",), date(2026, 11, 3)),
    ("user.behavior.purchase_history", ("customer_offers",), date(2026, 11, 3)),
    ("user.device.ip_address", ("security_logs",), date(2026, 12, 31)),
]
RAW_QUERIES = [
    "SELECT id, key, categories, display_name, email, phone, customer_number, cpr_encrypted, "
    "language FROM subjects_datasubject WHERE id = %s",
    "SELECT r.id, r.data_category, r.value, r.value_encrypted, r.source, r.collected_at, "
    "l.activity, l.due_on FROM subjects_record r LEFT JOIN subjects_purposelink l "
    "ON l.record_id = r.id WHERE r.subject_id = %s",
    "SELECT id, name, occurred_on, note FROM subjects_event WHERE subject_id = %s",
    "SELECT c.id, c.role, c.started, o.name, o.id FROM subjects_contactlink c "
    "JOIN subjects_organisation o ON o.id = c.organisation_id WHERE c.person_id = %s",
    "SELECT id, kind, started, ended FROM subjects_relationship WHERE subject_id = %s",
]


COLUMNS = {
    "subjects_datasubject": "id, key, categories, display_name, email, phone, customer_number, "
    "cpr_encrypted, cpr_digest, language, created_at, updated_at",
    "subjects_relationship": "subject_id, kind, started, ended",
    "subjects_event": "subject_id, name, occurred_on, note, created_at",
    "subjects_record": "id, subject_id, data_category, value, source, collected_at, updated_at",
    "subjects_purposelink": "activity, due_on, restricted, created_at, record_id",
}


def _generate(subjects: int, per_subject: int) -> dict[str, int]:
    """The register in batches of CHUNK subjects, one transaction each: COPY
    on PostgreSQL (as a real bulk load would), executemany on SQLite."""
    from django.db import connection

    from persondata.subjects.models import PurposeLink, Record

    vendor = connection.vendor
    postgres = vendor == "postgresql"

    def stamp(value: datetime) -> Any:
        return value if postgres else value.strftime("%Y-%m-%d %H:%M:%S")

    now, collected = stamp(NOW), stamp(COLLECTED)
    # Links repeat their record's subject where the model has that column.
    link_subject = any(f.name == "subject" for f in PurposeLink._meta.get_fields())
    columns = dict(COLUMNS)
    if link_subject:
        columns["subjects_purposelink"] += ", subject_id"
    # Records may name the activity of their due date (NOT NULL, "" for none).
    record_tail: tuple[str, ...] = ()
    if any(f.name == "due_activity" for f in Record._meta.get_fields()):
        columns["subjects_record"] += ", due_activity"
        record_tail = ("",)
    # The link rows of each record kind, without the record (and subject) id.
    link_parts = [
        [(activity, due, False, now) for activity in activities]
        for _category, activities, due in RECORDS
    ]
    counts = {"subjects": 0, "records": 0, "links": 0, "events": 0}
    record_id = 0
    indexes = start_bulk_load(list(COLUMNS))
    for start in range(0, subjects, CHUNK):
        stop = min(start + CHUNK, subjects)
        tables: dict[str, list[tuple[Any, ...]]] = {name: [] for name in COLUMNS}
        subject_rows = tables["subjects_datasubject"]
        relationship_rows = tables["subjects_relationship"]
        event_rows = tables["subjects_event"]
        record_rows = tables["subjects_record"]
        link_rows = tables["subjects_purposelink"]
        for i in range(start, stop):
            sid = i + 1
            key = uuid.uuid4()
            subject_rows.append(
                (
                    *(sid, key if postgres else key.hex, '["customer"]', f"Kunde {i}"),
                    *(f"k{i}@example.dk", "", f"K-{i}", "", "", "da", now, now),
                )
            )
            relationship_rows.append((sid, "customer", CUSTOMER_SINCE, None))
            event_rows.append((sid, "last_purchase", LAST_PURCHASE, "", now))
            event_rows.append((sid, "last_contact", LAST_CONTACT, "", now))
            for n in range(per_subject):
                record_id += 1
                kind = n % len(RECORDS)
                record_rows.append(
                    (
                        *(record_id, sid, RECORDS[kind][0], f"value {i}-{n}"),
                        *("data_subject", collected, now),
                        *record_tail,
                    )
                )
                owner = (record_id, sid) if link_subject else (record_id,)
                link_rows.extend([part + owner for part in link_parts[kind]])
        _write_rows(tables, columns)
        counts["subjects"] += len(subject_rows)
        counts["records"] += len(record_rows)
        counts["links"] += len(link_rows)
        counts["events"] += len(event_rows)
        print(f"  generated {counts['subjects']:,} subjects", flush=True)
    end_bulk_load(indexes)
    with connection.cursor() as cursor:
        if postgres:
            for table in ("subjects_datasubject", "subjects_record"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
        cursor.execute("ANALYZE")
    return counts


def _write_rows(tables: dict[str, list[tuple[Any, ...]]], columns: dict[str, str]) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table, rows in tables.items():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns[table]}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            elif rows:
                marks = ", ".join(["%s"] * len(rows[0]))
                cursor.executemany(f"INSERT INTO {table} ({columns[table]}) VALUES ({marks})", rows)


def _raw(subject_id: int) -> int:
    """Run the raw indexed queries for one subject; the number of rows they return."""
    from django.db import connection

    rows = 0
    with connection.cursor() as cursor:
        for sql in RAW_QUERIES:
            cursor.execute(sql, [subject_id] * sql.count("%s"))
            rows += len(cursor.fetchall())
    return rows


def _report(subject_id: int, declaration: Any) -> tuple[int, int]:
    """Build the JSON access report for one subject; (items found, bytes of JSON)."""
    from django.utils import timezone

    from persondata.rights.access_report import access_report_data
    from persondata.rights.datastores import access_everywhere
    from persondata.subjects.models import DataSubject

    subject = DataSubject.objects.get(pk=subject_id)
    items = access_everywhere(subject, actor="bench", purpose="access benchmark")
    report = access_report_data(
        items=items,
        subject_categories=list(subject.categories),
        declaration=declaration,
        lang="da",
        generated_at=timezone.now(),
    )
    return len(items), len(json.dumps(report, ensure_ascii=False))


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def child(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from persondata.policy.actions import apply_declaration
    from persondata.policy.queries import current_declaration

    results: dict[str, Any] = {"database": connection.vendor}
    call_command("migrate", verbosity=0)
    apply_declaration(path=DEMO, actor_label="bench")
    declaration = current_declaration()
    assert declaration is not None
    with timed(results, "generate_s"):
        results["counts"] = _generate(args.subjects, args.records_per_subject)
    chosen = random.Random(2026).sample(range(1, args.subjects + 1), args.samples)
    # Warm both paths (imports, translation catalogues, prepared plans).
    for subject_id in chosen[:5]:
        _raw(subject_id)
        _report(subject_id, declaration)
    raw_times: list[float] = []
    report_times: list[float] = []
    items_seen = rows_seen = 0
    for index, subject_id in enumerate(chosen):
        # Alternate which goes first, so that neither always finds the pages cached.
        order = ("raw", "report") if index % 2 == 0 else ("report", "raw")
        for which in order:
            start = time.perf_counter()
            if which == "raw":
                rows_seen += _raw(subject_id)
                raw_times.append(time.perf_counter() - start)
            else:
                found, _size = _report(subject_id, declaration)
                items_seen += found
                report_times.append(time.perf_counter() - start)
    raw = _percentiles(raw_times)
    report = _percentiles(report_times)
    results["samples"] = args.samples
    results["raw_queries"] = raw
    results["access_report_json"] = report
    results["raw_rows_per_subject"] = round(rows_seen / args.samples, 1)
    results["report_items_per_subject"] = round(items_seen / args.samples, 1)
    results["p95_vs_raw"] = round(report["p95_ms"] / max(raw["p95_ms"], 1e-6), 2)
    results["goal_p95_under_50_ms"] = report["p95_ms"] < 50
    results["goal_within_3x_of_raw"] = results["p95_vs_raw"] <= 3
    results["peak_memory_mb"] = round(peak_memory_mb(), 1)
    print(
        f"  raw p50/p95 {raw['p50_ms']}/{raw['p95_ms']} ms; "
        f"report p50/p95 {report['p50_ms']}/{report['p95_ms']} ms",
        flush=True,
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--records-per-subject", type=int, default=10)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.samples > args.subjects:
        parser.error("--samples cannot be more than --subjects")
    if args.child:
        print(json.dumps(child(args)))
        return
    payload: dict[str, Any] = {
        "benchmark": "access",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "subjects": args.subjects,
        "records_per_subject": args.records_per_subject,
        "samples": args.samples,
        "goals": {"access_report_json.p95_ms": "< 50", "p95_vs_raw": "<= 3.0"},
        "runs": {},
    }
    run_on_databases(
        "access",
        Path(__file__),
        payload,
        args.databases,
        [
            "--subjects",
            str(args.subjects),
            "--records-per-subject",
            str(args.records_per_subject),
            "--samples",
            str(args.samples),
        ],
    )


if __name__ == "__main__":
    main()
