"""The command line: persondata subjects import|export and persondata keys."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from persondata.lib.crypto import parse_key_ring
from persondata.subjects.models import DataSubject
from persondata.subjects.tests.factories import make_record, make_subject, write_csv

NO_RIGHTS_FILES = "0 proposed correction(s), 0 answer file(s)"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_a_summary(declaration: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,email,categories\nJens,jens@example.dk,customer\n")
    out, _ = run(
        "subjects", "import", str(path), "--activity", "customer_administration", "--quiet"
    )
    assert out.strip() == (
        "subjects.csv: 1 subject(s) with 0 record(s) imported for 'customer_administration' "
        "in 1 batch(es); 0 row(s) skipped"
    )


def test_a_rejected_import_lists_each_problem_and_exits_1(
    declaration: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "name,email,categories\nJens,x@,customer\n,a@b.dk,customer\n")
    err = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command(
            "subjects",
            "import",
            str(path),
            "--activity",
            "customer_administration",
            "--quiet",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert caught.value.code == 1
    assert err.getvalue().splitlines() == [
        "subjects.csv: row 2, column email: 'x@' is not an e-mail address",
        "subjects.csv: row 3, column name: is empty; every subject needs a name",
        "subjects.csv: 2 problem(s); nothing was imported (--skip-invalid imports the good rows)",
    ]
    assert not DataSubject.objects.exists()


def test_skipped_rows_are_reported(declaration: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,email,categories\nJens,x@,customer\nHanne,,customer\n")
    out, _ = run(
        "subjects",
        "import",
        str(path),
        "--activity",
        "customer_administration",
        "--skip-invalid",
        "--quiet",
    )
    assert out.splitlines() == [
        "skipped subjects.csv: row 2, column email: 'x@' is not an e-mail address",
        "subjects.csv: 1 subject(s) with 0 record(s) imported for 'customer_administration' "
        "in 1 batch(es); 1 row(s) skipped",
    ]


def test_an_unknown_activity_is_a_command_error(declaration: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,categories\nJens,customer\n")
    with pytest.raises(CommandError, match="'lottery' is not a declared activity"):
        run("subjects", "import", str(path), "--activity", "lottery", "--quiet")


def test_export_writes_jsonl_to_a_new_private_file(declaration: Path, tmp_path: Path) -> None:
    make_record(
        make_subject(cpr="2110625629"), data_category="user.health_and_medical", value="Hip"
    )
    target = tmp_path / "backup.jsonl"
    _, err = run("subjects", "export", "--output", str(target), "--quiet")
    assert "exported 1 subject(s) with 1 record(s) (sensitive values withheld)" in err
    line = json.loads(target.read_text(encoding="utf-8"))
    assert line["cpr_withheld"] is True
    assert target.stat().st_mode & 0o777 == 0o600
    with pytest.raises(CommandError, match="exists; choose a new file name"):
        run("subjects", "export", "--output", str(target), "--quiet")


def test_export_to_stdout_with_sensitive_values(declaration: Path) -> None:
    make_subject(cpr="2110625629")
    out, _ = run("subjects", "export", "--include-sensitive", "--purpose", "restore drill")
    assert json.loads(out)["cpr"] == "2110625629"


def test_keys_generate_status_and_rotate(declaration: Path) -> None:
    make_subject(cpr="2110625629")
    entry, _ = run("keys", "generate", "--id", "k2")
    new_ring = parse_key_ring(entry.strip()).as_list()
    old_id = settings.FIELD_ENCRYPTION_KEYS[0][0]
    with override_settings(FIELD_ENCRYPTION_KEYS=[*new_ring, *settings.FIELD_ENCRYPTION_KEYS]):
        status, _ = run("keys", "status")
        assert status.splitlines() == [
            f"k2 (current): 0 CPR number(s), 0 record(s), {NO_RIGHTS_FILES}",
            f"{old_id} (old): 1 CPR number(s), 0 record(s), {NO_RIGHTS_FILES}",
        ]
        out, _ = run("keys", "rotate", "--batch", "10")
        assert out.strip() == (
            f"re-encrypted 1 CPR number(s), 0 record(s), {NO_RIGHTS_FILES} "
            "under key 'k2' in 1 batch(es)"
        )
    with override_settings(FIELD_ENCRYPTION_KEYS=new_ring):
        status, _ = run("keys", "status")
        assert status.splitlines() == [
            f"k2 (current): 1 CPR number(s), 0 record(s), {NO_RIGHTS_FILES}"
        ]


def test_keys_status_names_a_key_missing_from_the_ring(declaration: Path) -> None:
    make_subject(cpr="2110625629")
    old_id = settings.FIELD_ENCRYPTION_KEYS[0][0]
    with override_settings(FIELD_ENCRYPTION_KEYS=[("k9", bytes(32))]):
        status, _ = run("keys", "status")
        assert f"{old_id} (MISSING from the key ring): 1 CPR number(s), 0 record(s)" in status
        with pytest.raises(CommandError, match="not in the key ring"):
            run("keys", "rotate")


def test_a_bad_batch_size_is_refused(declaration: Path) -> None:
    with pytest.raises(CommandError, match="--batch must be at least 1"):
        run("keys", "rotate", "--batch", "0")
