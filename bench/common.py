"""Helpers shared by the benchmark scripts: a fresh database per run, timing,
peak memory, and the results file. Benchmarks run each database in its own
process so that settings (DATABASE_URL) are fixed before Django starts."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux ru_maxrss is KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed(results: dict[str, Any], name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    results[name] = round(time.perf_counter() - start, 3)
    print(f"  {name}: {results[name]} s", flush=True)


def fresh_database(kind: str, name: str, var_dir: Path) -> dict[str, str]:
    """Environment for a child process using a new, empty database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERSONDATA_")}
    env.pop("DATABASE_URL", None)
    var_dir.mkdir(parents=True, exist_ok=True)
    env["PERSONDATA_VAR_DIR"] = str(var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "persondata.settings"
    if kind == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{PG_SERVER}/{name}"
    else:
        for suffix in ("", "-wal", "-shm"):
            (var_dir / f"persondata.sqlite3{suffix}").unlink(missing_ok=True)
    return env


def run_child(script: Path, env: dict[str, str], *args: str) -> dict[str, Any]:
    """Run ``script --child ARGS`` with ``env``; it prints its results as the last JSON line."""
    proc = subprocess.run(
        [sys.executable, str(script), "--child", *args],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    for line in lines[:-1]:
        print(line)
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def write_results(name: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return path


def run_on_databases(
    name: str,
    script: Path,
    payload: dict[str, Any],
    databases: str,
    child_args: list[str],
    extra_env: dict[str, str] | None = None,
) -> Path:
    """Run ``script --child CHILD_ARGS`` once per database in ``databases``
    (comma-separated: sqlite, postgres), each in a fresh database, collect the
    runs under ``payload["runs"]`` and write bench/results/NAME.json."""
    payload.setdefault("runs", {})
    for kind in databases.split(","):
        print(f"{kind}:", flush=True)
        env = fresh_database(kind, f"persondata_bench_{name}", Path(tempfile.mkdtemp()) / "var")
        env.update(extra_env or {})
        payload["runs"][kind] = run_child(script, env, *child_args)
    return write_results(name, payload)


def start_bulk_load(tables: list[str]) -> list[str]:
    """Load the way one fills a new database in bulk: the generated tables'
    secondary indexes dropped (rebuilt in one pass by end_bulk_load, their
    definitions returned) and no foreign-key checks or sync per commit while
    loading. Primary keys and unique constraints stay."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [tables],
            )
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            cursor.execute("PRAGMA synchronous = OFF")
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                f"AND sql IS NOT NULL AND tbl_name IN ({marks})",
                tables,
            )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [definition for _name, definition in indexes]


def end_bulk_load(definitions: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for definition in definitions:
            cursor.execute(definition)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = NORMAL")
