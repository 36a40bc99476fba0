"""CPR numbers never reach the database file in clear text.

Runs the real command line against a file-based SQLite database, as an
installation would, and searches the raw bytes of the database and its
write-ahead log.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from persondata.subjects.tests.factories import DECLARATION_PATH

CPRS = ("2110625629", "0101374000")


def persondata(*args: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "persondata.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_database_file_holds_no_clear_text_cpr_number_after_an_import(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PERSONDATA_", "DATABASE_"))}
    env["PERSONDATA_VAR_DIR"] = str(tmp_path)
    csv_file = tmp_path / "subjects.csv"
    csv_file.write_text(
        "name,cpr,categories,user.government_id.national_identification_number\n"
        f"Jens Klartekst,{CPRS[0][:6]}-{CPRS[0][6:]},customer,{CPRS[0]}\n"
        f"Hanne Klartekst,{CPRS[1]},customer,{CPRS[1][:6]} {CPRS[1][6:]}\n",
        encoding="utf-8",
    )
    persondata("migrate", "--no-input", cwd=tmp_path, env=env)
    persondata("policy", "apply", str(DECLARATION_PATH), cwd=tmp_path, env=env)
    out = persondata(
        "subjects",
        "import",
        str(csv_file),
        "--activity",
        "customer_administration",
        "--quiet",
        cwd=tmp_path,
        env=env,
    )
    assert "2 subject(s) with 2 record(s) imported" in out

    stored = b"".join(
        path.read_bytes()
        for path in tmp_path.glob("persondata.sqlite3*")  # the file, -wal and -shm
    )
    assert b"Jens Klartekst" in stored  # the search works: ordinary data is there
    for cpr in CPRS:
        for form in (cpr, f"{cpr[:6]}-{cpr[6:]}", f"{cpr[:6]} {cpr[6:]}"):
            assert form.encode() not in stored
