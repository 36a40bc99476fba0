"""A bad sweep time is refused with the variable or option named; nothing runs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_a_bad_sweep_at_option_is_refused_before_anything_runs():
    with pytest.raises(CommandError, match="'25:00' is not a time of day"):
        call_command("worker", "--once", "--sweep-at", "25:00")


def test_a_negative_interval_is_refused():
    with pytest.raises(CommandError, match="between 0 and 3600 seconds"):
        call_command("worker", "--once", "--interval", "-1")


def test_a_bad_persondata_sweep_time_stops_the_start_naming_the_variable(tmp_path):
    env = {
        **os.environ,
        "PERSONDATA_VAR_DIR": str(tmp_path),
        "PERSONDATA_SWEEP_TIME": "half past two",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "persondata.cli.main", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "PERSONDATA_SWEEP_TIME: 'half past two' is not a time of day" in done.stderr


def test_a_bad_persondata_sweep_enabled_stops_the_start_naming_the_variable(tmp_path):
    env = {**os.environ, "PERSONDATA_VAR_DIR": str(tmp_path), "PERSONDATA_SWEEP_ENABLED": "maybe"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "persondata.cli.main", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "PERSONDATA_SWEEP_ENABLED='maybe'" in done.stderr
