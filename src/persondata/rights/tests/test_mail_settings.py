"""Mail goes through Django's backends; the SMTP settings refuse a contradiction."""

from __future__ import annotations

import os
import subprocess
import sys


def test_tls_and_ssl_together_stop_the_start_with_a_clear_error(tmp_path):
    env = {
        **os.environ,
        "PERSONDATA_VAR_DIR": str(tmp_path),
        "PERSONDATA_EMAIL_USE_TLS": "1",
        "PERSONDATA_EMAIL_USE_SSL": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "persondata.cli.main", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "PERSONDATA_EMAIL_USE_TLS and PERSONDATA_EMAIL_USE_SSL: choose one" in result.stderr


def test_the_smtp_settings_are_read_from_the_environment(tmp_path):
    env = {
        **os.environ,
        "PERSONDATA_VAR_DIR": str(tmp_path),
        "PERSONDATA_EMAIL_HOST": "smtp.example.dk",
        "PERSONDATA_EMAIL_PORT": "587",
        "PERSONDATA_EMAIL_USE_TLS": "yes",
        "DJANGO_SETTINGS_MODULE": "persondata.settings",
    }
    code = (
        "from django.conf import settings; "
        "print(settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "smtp.example.dk 587 True"
