"""`persondata` alone or `persondata help` lists persondata's groups before Django's commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from persondata.cli.main import main
from persondata.cli.overview import GROUP_ORDER, _summary, command_groups

CLI_DOCS = Path(__file__).resolve().parents[4] / "docs" / "cli.md"


@pytest.mark.parametrize("args", [[], ["help"], ["--help"], ["-h"]])
def test_the_overview_lists_the_groups_before_djangos_commands(capsys, args):
    main(["persondata", *args])
    output = capsys.readouterr().out
    groups_at = output.index("persondata's command groups:")
    django_at = output.index("Django's commands")
    assert groups_at < django_at
    for group in ("policy", "audit", "demo"):
        line = next(line for line in output.splitlines() if line.startswith(f"  {group} "))
        assert output.index(line) < django_at
    assert "migrate" in output[django_at:]
    assert "runserver" in output[django_at:]


def test_each_group_is_shown_with_its_one_line_help(capsys):
    main(["persondata"])
    output = capsys.readouterr().out
    assert "  audit " in output
    assert "Work with the tamper-evident audit trail (verify)." in output
    assert "Check, apply and show the processing declaration." in output


def test_groups_come_in_the_order_a_company_meets_them():
    names = [name for name, _ in command_groups()]
    assert names.index("policy") < names.index("audit") < names.index("demo")
    assert names[0] == "policy"


def test_the_order_names_only_groups_that_exist_and_every_group():
    names = [name for name, _ in command_groups()]
    assert sorted(GROUP_ORDER) == sorted(names)
    assert names == list(GROUP_ORDER)


def test_django_commands_are_not_listed_as_groups():
    names = {name for name, _ in command_groups()}
    assert not names & {"migrate", "runserver", "createsuperuser", "shell"}


def test_help_for_a_group_shows_its_sub_commands(capsys):
    main(["persondata", "help", "audit"])
    output = capsys.readouterr().out
    assert "usage: persondata audit" in output
    assert "verify" in output


def test_djangos_own_commands_still_work(capsys):
    main(["persondata", "check"])
    assert "System check identified no issues" in capsys.readouterr().out


def test_a_configuration_error_is_one_clear_line_and_exit_status_2(tmp_path):
    env = {**os.environ, "PERSONDATA_VAR_DIR": str(tmp_path), "PERSONDATA_DEBUG": "maybe"}
    result = subprocess.run(
        [sys.executable, "-m", "persondata.cli.main", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        "persondata: configuration error: PERSONDATA_DEBUG='maybe': expected one of 1/0"
    )
    assert "Traceback" not in result.stderr


def test_a_long_help_is_shortened_to_its_first_sentence():
    assert _summary("Run the worker. Stop it with SIGTERM.\n") == "Run the worker."
    assert _summary("  Check the file\n  for errors ") == "Check the file for errors"
    assert _summary("") == ""
    assert _summary("Write the Art. 30 records. More.") == "Write the Art. 30 records."


def test_every_command_group_has_its_section_in_docs_cli_md():
    headings = set(re.findall(r"^## (\S+)\s*$", CLI_DOCS.read_text(encoding="utf-8"), re.M))
    missing = [name for name, _ in command_groups() if name not in headings]
    assert not missing, f"docs/cli.md has no '## NAME' section for: {missing}"
