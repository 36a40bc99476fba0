"""`persondata policy check FILE [--json]`: FILE:LINE:COL lines, exit status 1
on any error and 0 on a valid file."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from persondata.policy.tests.declaration_texts import DEMO, REFERENCE, edited, position_of

BROKEN_AT = "talent_pool"
BROKEN_MESSAGE = (
    "'talent_pool' is not a consent purpose declared under consent_purposes; "
    "did you mean 'applicant_pool'?"
)
UNUSED_WARNING = (
    "the consent purpose 'applicant_pool' is declared but no activity rests on it or "
    "extends retention with it"
)


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, str]:
    text = edited("consent: applicant_pool}", "consent: talent_pool}")
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def run_check(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("policy", "check", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_a_broken_file_prints_file_line_column_and_message_and_exits_1(
    broken: tuple[Path, str],
) -> None:
    path, text = broken
    status, output = run_check(str(path))
    line, column = position_of(text, BROKEN_AT)
    assert status == 1
    assert f"{path}:{line}:{column}: error: {BROKEN_MESSAGE}" in output.splitlines()
    assert output.splitlines()[-1] == f"{path}: 1 error(s), 1 warning(s)"


def test_the_warning_of_a_broken_file_is_printed_as_a_warning(broken: tuple[Path, str]) -> None:
    path, text = broken
    _, output = run_check(str(path))
    line, column = position_of(text, "^^applicant_pool:\n    version: 2")
    assert f"{path}:{line}:{column}: warning: {UNUSED_WARNING}" in output.splitlines()


def test_the_demo_declaration_passes_with_exit_0_and_nothing_to_report() -> None:
    status, output = run_check(str(DEMO))
    assert status == 0
    assert output.splitlines() == [f"{DEMO}: 0 error(s), 0 warning(s)"]


def test_the_reference_declaration_passes_with_exit_0() -> None:
    status, output = run_check(str(REFERENCE))
    assert status == 0
    assert output.splitlines()[-1] == f"{REFERENCE}: 0 error(s), 1 warning(s)"


def test_json_output_parses_and_lists_every_problem(broken: tuple[Path, str]) -> None:
    path, text = broken
    status, output = run_check(str(path), "--json")
    report = json.loads(output)
    line, column = position_of(text, BROKEN_AT)
    assert status == 1
    assert report["file"] == str(path)
    assert (report["ok"], report["errors"], report["warnings"]) == (False, 1, 1)
    error = next(p for p in report["problems"] if p["severity"] == "error")
    assert error == {
        "severity": "error",
        "message": BROKEN_MESSAGE,
        "file": str(path),
        "line": line,
        "column": column,
        "path": "activities.recruitment.retention.0.extend.consent",
    }


def test_json_output_of_a_valid_file_says_ok() -> None:
    status, output = run_check(str(DEMO), "--json")
    assert status == 0
    assert json.loads(output) == {
        "file": str(DEMO),
        "ok": True,
        "errors": 0,
        "warnings": 0,
        "problems": [],
    }


def test_the_console_script_prints_the_same_and_exits_1(
    broken: tuple[Path, str],
) -> None:
    script = Path(sys.executable).with_name("persondata")
    path, text = broken
    failed = subprocess.run(
        [str(script), "policy", "check", str(path)], capture_output=True, text=True, check=False
    )
    line, column = position_of(text, BROKEN_AT)
    assert failed.returncode == 1
    assert f"{path}:{line}:{column}: error: {BROKEN_MESSAGE}" in failed.stdout.splitlines()
