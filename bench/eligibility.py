"""Benchmark: bulk marketing eligibility, beside a raw SQL anti-join giving the same answer.

    python bench/eligibility.py [--subjects 1000000] [--list N]
                                [--databases sqlite,postgres] [--chunk N]

For each database, in a fresh database: apply the reference declaration
(newsletter by consent on e-mail, marketing to existing customers under
markedsføringsloven § 10, stk. 2), generate a register with a mix of
consents, withdrawals, objections (some lifted), restrictions and
customers (most with their address from a sale), and a list of
addresses (default: as many as subjects), half of them in the register,
in random order. The register is written with plain inserts, so the
database triggers note every subject for the eligibility index. Then
time, in one run:

- ``index_build_s``: the first ``bring_up_to_date`` after the load, which
  builds the eligibility index of the whole register;
- ``check_many_s``: ``consent.eligibility.check_many`` over the list, now
  (from the index, including the check that it is up to date), every
  answer produced; ``check_many_first_s`` is the first run, which reads the
  index's whole channel, where the later run finds it kept in the process;
- ``check_many_after_changes_s``: the same after ``--changes`` subjects
  changed through the actions (half gave consent, half objected), which
  the call first works into the index and then reads the channel again;
  ``changes_s`` is the actions' time;
- ``check_many_at_s``: the same list at a given time (``at=``), answered
  by gathering the facts, without the index;
- ``cli_filter_s``: ``persondata marketing filter`` from a file to a file
  (reasons to a report file), end to end, now;
- ``api_s``: ``POST /api/v1/marketing/eligibility`` with the whole list in
  one call, the streamed answer read to the end;
- ``baseline_raw_sql_s``: the list loaded into a temporary table (COPY and
  ANALYZE on PostgreSQL, executemany on SQLite) and one SELECT with
  anti-joins that computes the same eligible set from the facts;
- ``single_p50_ms`` / ``single_p95_ms``: ``check_eligibility`` for 1000
  addresses one at a time (half registered), now; ``single_at_p95_ms`` at
  a given time.

check_many and the baseline each run twice, in the order ours, baseline,
baseline, ours; the faster run of each is reported (all runs are kept).
``same_answer`` says whether all of these give the same eligible set
(before the changes). Results go to bench/results/eligibility.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, peak_memory_mb, run_on_databases, timed

REFERENCE = ROOT.parent / "shared" / "examples" / "eksempel.yaml"
DEMO = ROOT / "examples" / "demo.yaml"
CHUNK = 20_000
# The time the baseline and the ``at=`` runs ask about: now, when the
# benchmark starts (the generated facts are all dated before 2026-02).
NOW = datetime.now(UTC).replace(microsecond=0)
TEXT_DA = "Ja tak, send mig nyhedsbrevet."
TEXT_EN = "Yes, send me the newsletter."


def _email(i: int) -> str:
    return f"k{i}@example.dk"


def _generate(subjects: int, purpose: str, activity: str) -> dict[str, int]:
    """The register, by raw inserts (the actions would take hours at this size).

    Subject i (0-based): restricted when i % 50 == 7; objected when
    i % 20 == 3 (lifted again when i % 100 == 3); newsletter consent given
    when i % 5 is 0 or 1, withdrawn again when i % 10 == 1; a customer when
    i % 10 is 2, 4 or 6, with the address from a sale (an e-mail record
    from the person, held for the exception activity) when i % 10 is 2 or 4.
    """
    from django.db import connection

    from persondata.subjects.models import PurposeLink

    # Links may carry their subject too (the retention engine's index).
    link_has_subject = any(f.name == "subject" for f in PurposeLink._meta.get_fields())
    vendor = connection.vendor
    counts = {"subjects": 0, "consent_entries": 0, "objections": 0, "customers": 0}
    counts.update(restricted=0, sale_records=0)

    def stamp(value: datetime) -> Any:
        return value if vendor == "postgresql" else value.strftime("%Y-%m-%d %H:%M:%S")

    def ident(value: uuid.UUID) -> Any:
        return value if vendor == "postgresql" else value.hex

    now = stamp(NOW)
    given_at, withdrawn_at = (
        stamp(datetime(2025, 6, 1, tzinfo=UTC)),
        stamp(datetime(2025, 9, 1, tzinfo=UTC)),
    )
    objected_at, lifted_at = (
        stamp(datetime(2025, 10, 1, tzinfo=UTC)),
        stamp(datetime(2026, 1, 5, tzinfo=UTC)),
    )
    record_id = 0
    for start in range(0, subjects, CHUNK):
        stop = min(start + CHUNK, subjects)
        rows: dict[str, list[tuple[Any, ...]]] = {
            k: []
            for k in ("subjects", "entries", "objections", "relationships", "records", "links")
        }
        for i in range(start, stop):
            sid = i + 1
            restricted = now if i % 50 == 7 else None
            counts["restricted"] += restricted is not None
            rows["subjects"].append(
                (
                    sid,
                    ident(uuid.uuid4()),
                    '["customer"]',
                    f"Kunde {i}",
                    _email(i),
                    "",
                    "",
                    "",
                    "",
                    "da",
                    now,
                    now,
                    restricted,
                )
            )
            if i % 5 in (0, 1):
                rows["entries"].append((sid, given_at, True))
                if i % 10 == 1:
                    rows["entries"].append((sid, withdrawn_at, False))
            if i % 20 == 3:
                rows["objections"].append((sid, objected_at, lifted_at if i % 100 == 3 else None))
            if i % 10 in (2, 4, 6):
                rows["relationships"].append((sid, "customer", date(2024, 1, 1)))
                record_id += 1
                source = "data_subject" if i % 10 in (2, 4) else "customer"
                rows["records"].append((record_id, sid, _email(i), source, now, now))
                rows["links"].append((record_id, activity, now, sid))
                counts["sale_records"] += source == "data_subject"
        entries = [
            (sid, "bench", purpose, 2, TEXT_DA, TEXT_EN, given, at, *LEDGER_DEFAULTS, now)
            for sid, at, given in rows["entries"]
        ]
        objections = [
            (sid, "bench", "all", at, "staff", "", "bench", lifted, "", "", "")
            for sid, at, lifted in rows["objections"]
        ]
        records = [
            (rid, sid, "user.contact.email", value, source, collected, updated)
            for rid, sid, value, source, collected, updated in rows["records"]
        ]
        links = [
            (rid, act, False, created, sid) if link_has_subject else (rid, act, False, created)
            for rid, act, created, sid in rows["links"]
        ]
        _write_rows(
            {
                "subjects_datasubject": rows["subjects"],
                "consent_consententry": entries,
                "consent_marketingobjection": objections,
                "subjects_relationship": rows["relationships"],
                "subjects_record": records,
                "subjects_purposelink": links,
            },
            link_has_subject,
        )
        counts["subjects"] += len(rows["subjects"])
        counts["consent_entries"] += len(rows["entries"])
        counts["objections"] += len(rows["objections"])
        counts["customers"] += len(rows["relationships"])
        print(f"  generated {counts['subjects']:,} subjects", flush=True)
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            for table in ("subjects_datasubject", "subjects_record"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
        cursor.execute("ANALYZE")
    return counts


# channel, evidence, ip, user_agent, recorded_by of every generated ledger entry
LEDGER_DEFAULTS = ("web_form", "{}", "", "", "bench")
COLUMNS = {
    "subjects_datasubject": "id, key, categories, display_name, email, phone, customer_number, "
    "cpr_encrypted, cpr_digest, language, created_at, updated_at, restricted_at",
    "consent_consententry": "subject_id, subject_ref, purpose, version, text_da, text_en, given, "
    "at, channel, evidence, ip, user_agent, recorded_by, recorded_at",
    "consent_marketingobjection": "subject_id, subject_ref, channel, at, source, reference, "
    "recorded_by, lifted_at, lifted_by, lift_channel, lift_statement",
    "subjects_relationship": "subject_id, kind, started",
    "subjects_record": "id, subject_id, data_category, value, source, collected_at, updated_at",
    "subjects_purposelink": "record_id, activity, restricted, created_at",
}


def _write_rows(tables: dict[str, list[tuple[Any, ...]]], link_has_subject: bool) -> None:
    """Insert one batch in one transaction: COPY on PostgreSQL (as a real bulk
    load would), executemany on SQLite."""
    from django.db import connection, transaction

    columns = dict(COLUMNS)
    if link_has_subject:
        columns["subjects_purposelink"] += ", subject_id"
    if _record_has_due_activity():
        columns["subjects_record"] += ", due_activity"
        tables["subjects_record"] = [(*row, "") for row in tables["subjects_record"]]
    with transaction.atomic(), connection.cursor() as cursor:
        for table, rows in tables.items():
            if not rows:
                continue
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns[table]}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(rows[0]))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns[table]}) VALUES ({marks})",
                    rows,
                )


def _record_has_due_activity() -> bool:
    """Records may name the activity of their due date (a NOT NULL column
    with the empty string for "none"), depending on the schema's version."""
    from persondata.subjects.models import Record

    return any(f.name == "due_activity" for f in Record._meta.get_fields())


def _address_list(subjects: int, size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    known = [_email(rng.randrange(subjects)) for _ in range(size // 2)]
    unknown = [f"u{i}@elsewhere.dk" for i in range(size - len(known))]
    addresses = known + unknown
    rng.shuffle(addresses)
    # Some as people type them: the register stores lower case.
    return [a.upper() if n % 7 == 0 else a for n, a in enumerate(addresses)]


BASELINE_SQL = """
SELECT l.address FROM bench_list l
JOIN subjects_datasubject s ON s.email = l.address
WHERE s.restricted_at IS NULL
AND NOT EXISTS (
    SELECT 1 FROM consent_marketingobjection o
    WHERE o.subject_id = s.id AND o.lifted_at IS NULL AND o.at <= %(now)s)
AND (
    EXISTS (
        SELECT 1 FROM consent_consententry c
        WHERE c.subject_id = s.id AND c.purpose = %(purpose)s AND c.given AND c.at <= %(now)s
        AND NOT EXISTS (
            SELECT 1 FROM consent_consententry d
            WHERE d.subject_id = s.id AND d.purpose = %(purpose)s AND d.at <= %(now)s
            AND (d.at > c.at OR (d.at = c.at AND d.id > c.id))))
    OR (
        NOT EXISTS (
            SELECT 1 FROM consent_consententry c
            WHERE c.subject_id = s.id AND c.purpose = %(purpose)s AND c.at <= %(now)s)
        AND EXISTS (
            SELECT 1 FROM subjects_relationship r
            WHERE r.subject_id = s.id AND r.kind = 'customer' AND r.started <= %(today)s)
        AND EXISTS (
            SELECT 1 FROM subjects_record rec
            JOIN subjects_purposelink pl ON pl.record_id = rec.id
            WHERE rec.subject_id = s.id AND rec.data_category = 'user.contact.email'
            AND rec.source = 'data_subject' AND rec.value = s.email
            AND rec.collected_at <= %(now)s AND pl.activity = %(activity)s)))
"""


def _baseline(addresses: list[str], purpose: str, activity: str) -> tuple[float, set[str]]:
    """Load the list into a temporary table and select the eligible addresses in one query."""
    from django.db import connection, transaction

    params = {"now": NOW, "today": NOW.date(), "purpose": purpose, "activity": activity}
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_list")
    with transaction.atomic(), connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute("CREATE TEMPORARY TABLE bench_list (address TEXT)")
        lowered = [address.strip().lower() for address in addresses]
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY bench_list (address) FROM STDIN") as copy:
                for address in lowered:
                    copy.write_row((address,))
            # Row count and value statistics for the planner, as one would after a load.
            cursor.execute("ANALYZE bench_list")
        else:
            cursor.executemany(
                "INSERT INTO bench_list (address) VALUES (%s)", [(a,) for a in lowered]
            )
        cursor.execute(BASELINE_SQL, params)
        eligible = {row[0] for row in cursor.fetchall()}
        elapsed = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_list")
    return elapsed, eligible


def _single_lookups(addresses: list[str], count: int, prefix: str, **at: Any) -> dict[str, float]:
    from persondata.consent.eligibility import check_eligibility

    sample = addresses[:count]
    for address in sample[:20]:  # warm caches (the declaration, prepared statements)
        check_eligibility(address, "email", **at)
    durations = []
    for address in sample:
        start = time.perf_counter()
        check_eligibility(address, "email", **at)
        durations.append((time.perf_counter() - start) * 1000)
    durations.sort()
    return {
        f"{prefix}_p50_ms": round(statistics.median(durations), 3),
        f"{prefix}_p95_ms": round(durations[int(len(durations) * 0.95) - 1], 3),
        f"{prefix}_max_ms": round(durations[-1], 3),
    }


def _changes(subjects: int, count: int, seed: int) -> None:
    """``count`` subjects changed through the actions: half give consent to
    the newsletter, half object to direct marketing."""
    from persondata.consent.actions import give_consent, object_to_direct_marketing
    from persondata.consent.errors import ConsentError
    from persondata.consent.models import Channel
    from persondata.subjects.models import DataSubject

    rng = random.Random(seed)
    ids = rng.sample(range(1, subjects + 1), count)
    for n, subject in enumerate(DataSubject.objects.filter(pk__in=ids)):
        try:
            if n % 2:
                object_to_direct_marketing(actor="bench", subject=subject)
            else:
                give_consent(
                    actor="bench",
                    subject=subject,
                    purpose="newsletter",
                    channel=Channel.WEB_FORM,
                    evidence={"form": "bench"},
                )
        except ConsentError:
            pass  # already objected: nothing to change


def _api(addresses: list[str]) -> tuple[float, int]:
    from django.test import Client

    from persondata.accounts.actions import create_api_key

    issued = create_api_key(actor="bench", name="bench", scopes=["read"])
    body = json.dumps({"channel": "email", "addresses": addresses})
    start = time.perf_counter()
    response = Client().post(
        "/api/v1/marketing/eligibility",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {issued.token}"},
    )
    eligible = 0
    for chunk in response.streaming_content:
        eligible += chunk.count(b'"eligible": true')
    return time.perf_counter() - start, eligible


def child(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from persondata.consent.decision import routes_for
    from persondata.consent.eligibility import CHUNK_SIZE, check_many
    from persondata.consent.eligibility_index import bring_up_to_date
    from persondata.policy.actions import apply_declaration
    from persondata.policy.queries import current_declaration

    results: dict[str, Any] = {"database": connection.vendor}
    call_command("migrate", verbosity=0)
    apply_declaration(path=REFERENCE if REFERENCE.exists() else DEMO, actor_label="bench")
    declaration = current_declaration()
    assert declaration is not None
    routes = routes_for(declaration, "email")
    purpose, activity = routes.consent_purposes[0], routes.exception_activities[0]
    with timed(results, "generate_s"):
        results["counts"] = _generate(args.subjects, purpose, activity)
    addresses = _address_list(args.subjects, args.list or args.subjects, seed=5)
    results["list"] = len(addresses)

    chunk = {"chunk_size": args.chunk} if args.chunk else {}
    results["chunk"] = args.chunk or CHUNK_SIZE
    # The machine is shared: the load average before the timed part, with the figures.
    results["load_average_before"] = [round(x, 2) for x in os.getloadavg()]

    with timed(results, "index_build_s"):
        bring_up_to_date()
    print(f"  index_build_s: {results['index_build_s']} s", flush=True)

    def run_ours(**at: Any) -> tuple[float, set[str]]:
        # The clock covers producing every answer; the set to compare with
        # the baseline is built after it stops.
        start = time.perf_counter()
        answers = list(check_many(addresses, "email", **at, **chunk))
        elapsed = time.perf_counter() - start
        eligible = {
            address.strip().lower()
            for address, answer in zip(addresses, answers, strict=True)
            if answer.eligible
        }
        return elapsed, eligible

    # Two rounds in opposite order, so that neither always meets cold caches
    # or a busier moment of the shared machine; the faster of each is reported.
    ours_s = [0.0, 0.0]
    baseline_s = [0.0, 0.0]
    ours_s[0], ours = run_ours()
    print(f"  check_many_s: {ours_s[0]:.3f} s", flush=True)
    baseline_s[0], theirs = _baseline(addresses, purpose, activity)
    print(f"  baseline_raw_sql_s: {baseline_s[0]:.3f} s", flush=True)
    baseline_s[1], theirs_again = _baseline(addresses, purpose, activity)
    print(f"  baseline_raw_sql_s: {baseline_s[1]:.3f} s", flush=True)
    ours_s[1], ours_again = run_ours()
    print(f"  check_many_s: {ours_s[1]:.3f} s", flush=True)
    results["check_many_s"] = round(min(ours_s), 3)
    # The first run read the index's whole channel; the second found it kept
    # in the process (the index's content had not changed).
    results["check_many_first_s"] = round(ours_s[0], 3)
    results["baseline_raw_sql_s"] = round(min(baseline_s), 3)
    results["check_many_runs_s"] = [round(x, 3) for x in ours_s]
    results["baseline_runs_s"] = [round(x, 3) for x in baseline_s]
    at_s, ours_at = run_ours(at=NOW)
    results["check_many_at_s"] = round(at_s, 3)
    print(f"  check_many_at_s: {at_s:.3f} s", flush=True)
    results["eligible"] = len(ours)
    results["same_answer"] = ours == theirs == ours_again == theirs_again == ours_at
    results["check_many_vs_baseline"] = round(min(ours_s) / max(min(baseline_s), 1e-9), 2)

    folder = Path(tempfile.mkdtemp())
    (folder / "list.csv").write_text("\n".join(addresses) + "\n", encoding="utf-8")
    with timed(results, "cli_filter_s"), (folder / "stderr.txt").open("w") as stderr:
        call_command(
            "marketing",
            "filter",
            "--channel",
            "email",
            "-i",
            str(folder / "list.csv"),
            "-o",
            str(folder / "allowed.csv"),
            "--report",
            str(folder / "report.csv"),
            stderr=stderr,
        )
    allowed = (folder / "allowed.csv").read_text(encoding="utf-8").splitlines()
    results["cli_allowed_rows"] = len(allowed)

    api_s, api_eligible = _api(addresses)
    results["api_s"] = round(api_s, 3)
    results["api_eligible_rows"] = api_eligible
    print(f"  api_s: {results['api_s']} s", flush=True)

    results.update(_single_lookups(addresses, 1000, "single"))
    results.update(_single_lookups(addresses, 1000, "single_at", at=NOW))
    print(f"  single_p95_ms: {results['single_p95_ms']} ms", flush=True)

    with timed(results, "changes_s"):
        _changes(args.subjects, args.changes, seed=7)
    results["changes"] = args.changes
    results["check_many_after_changes_s"], _ = run_ours()
    results["check_many_after_changes_s"] = round(results["check_many_after_changes_s"], 3)
    print(f"  check_many_after_changes_s: {results['check_many_after_changes_s']} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM consent_eligibilityanswer WHERE channel = 'email'")
        results["index_rows"] = cursor.fetchone()[0]
    results["peak_memory_mb"] = round(peak_memory_mb(), 1)
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--list", type=int, default=0, help="addresses (default: --subjects)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--chunk", type=int, default=0, help="addresses per chunk (default: check_many's)"
    )
    parser.add_argument(
        "--changes", type=int, default=1000, help="subjects changed before the last run"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    payload: dict[str, Any] = {
        "benchmark": "eligibility",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "subjects": args.subjects,
        "list": args.list or args.subjects,
        "chunk": args.chunk or "check_many's default",
        "goals": {
            "check_many_s": "< 2 (a million addresses)",
            "check_many_after_changes_s": "< 2",
            "check_many_vs_baseline": "<= 1.5",
            "single_p95_ms": "< 5",
            "same_answer": "true",
        },
        "runs": {},
    }
    run_on_databases(
        "eligibility",
        Path(__file__),
        payload,
        args.databases,
        [
            "--subjects",
            str(args.subjects),
            "--list",
            str(args.list or args.subjects),
            "--chunk",
            str(args.chunk),
            "--changes",
            str(args.changes),
        ],
        extra_env={"PERSONDATA_ALLOWED_HOSTS": "testserver"},
    )


if __name__ == "__main__":
    main()
