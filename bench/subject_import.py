"""Benchmark: `persondata subjects import` of a large CSV file, end to end.

    python bench/subject_import.py [--rows 1000000] [--databases sqlite,postgres]

For each database, in a fresh database with the reference declaration
applied: write a CSV file of ROWS people (name, e-mail, phone, customer
number, CPR number, collection date, and two records: an address, and
the CPR number again as a national id record, which is stored encrypted), then
time the real command (every row checked first, then written in batches
with their audit entries and due dates), and count what was stored.
Results go to bench/results/import.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, peak_memory_mb, run_on_databases

REFERENCE = ROOT.parent / "shared" / "examples" / "eksempel.yaml"
DEMO = ROOT / "examples" / "demo.yaml"
ACTIVITY = "customer_administration"
HEADER = [
    "name",
    "email",
    "phone",
    "customer_number",
    "cpr",
    "categories",
    "collected_at",
    "user.contact.address",
    "user.government_id.national_identification_number",
]


# 60 years of birth dates, 1940-1999: the 7th digit is 0-3 for them.
BIRTH_DAYS = 60 * 365


def _cpr(i: int) -> str:
    """Row i's CPR number, different for every row: a birth date in 1940-1999
    and a serial number per date (the date exists; the 7th digit follows the
    century rule)."""
    born = date(1940, 1, 1) + timedelta(days=i % BIRTH_DAYS)
    serial = i // BIRTH_DAYS
    return f"{born:%d%m%y}-{serial // 1000 % 4}{serial % 1000:03d}"


def write_file(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\n")
        for i in range(rows):
            collected = date(2024, 1, 1) + timedelta(days=i % 600)
            cpr = _cpr(i)
            phone = 26000000 + i % 1000000
            out.write(
                f"Kunde {i},k{i}@example.dk,{phone},C{i:08d},{cpr},customer,"
                f'{collected.isoformat()},"Vestergade {i % 200 + 1}, 8000 Aarhus C",{cpr}\n'
            )


def child(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from persondata.policy.actions import apply_declaration
    from persondata.subjects.models import DataSubject, Record

    results: dict[str, Any] = {"database": connection.vendor, "rows": args.rows}
    call_command("migrate", verbosity=0)
    apply_declaration(path=REFERENCE if REFERENCE.exists() else DEMO, actor_label="bench")
    path = Path(tempfile.mkdtemp()) / "subjects.csv"
    start = time.perf_counter()
    write_file(path, args.rows)
    results["write_file_s"] = round(time.perf_counter() - start, 3)
    results["file_mb"] = round(path.stat().st_size / 2**20, 1)
    wall = time.perf_counter()
    cpu = time.process_time()
    call_command("subjects", "import", str(path), "--activity", ACTIVITY, "--quiet")
    results["import_s"] = round(time.perf_counter() - wall, 3)
    results["import_cpu_s"] = round(time.process_time() - cpu, 3)
    results["rows_per_s"] = round(args.rows / max(results["import_s"], 1e-9))
    results["subjects"] = DataSubject.objects.count()
    results["records"] = Record.objects.count()
    results["peak_memory_mb"] = round(peak_memory_mb(), 1)
    print(f"  import_s: {results['import_s']} s", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", "--subjects", type=int, default=1_000_000, dest="rows")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    payload: dict[str, Any] = {
        "benchmark": "import",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": args.rows,
        "goals": {"import_s": "minutes, not hours, for a million rows"},
        "runs": {},
    }
    run_on_databases("import", Path(__file__), payload, args.databases, ["--rows", str(args.rows)])


if __name__ == "__main__":
    main()
