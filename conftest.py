"""Root fixtures and options shared by every app's tests.

Keys and the SQLite file go to a temporary folder so that tests never touch
./var/ of a developer's installation.

``--forbid-skips`` (used by ``make ci``) turns any skipped test into a
failed run: in CI every test must run, on every database.
"""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("PERSONDATA_VAR_DIR", tempfile.mkdtemp(prefix="persondata-test-"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--forbid-skips",
        action="store_true",
        help="fail the run when any test is skipped (make ci)",
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not session.config.getoption("--forbid-skips"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        reporter.ensure_newline()
        names = "\n".join(f"  {report.nodeid}" for report in skipped)
        reporter.write_line(
            f"--forbid-skips: {len(skipped)} test(s) were skipped; every test must run:\n{names}",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
