"""Root fixtures and options shared by every app's tests.

Keys and the SQLite file go to a temporary folder so that tests never touch
./var/ of a developer's installation.

Staff personas (``persondata/accounts/tests/personas.py``): ``staff_member``,
``dpo`` and ``auditor`` are users with that role; ``client_as(user)`` is a
test client logged in as the user with both factors; ``admin_client`` (as
pytest-django's, but past the second factor too) is the superuser's.

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


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Django's cache starts empty in every test (the public rate limit counts in it)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def staff_member(db):
    from persondata.accounts.tests.personas import make_staff

    return make_staff("sofie.staff", "staff")


@pytest.fixture
def dpo(db):
    from persondata.accounts.tests.personas import make_staff

    return make_staff("dorte.dpo", "dpo")


@pytest.fixture
def auditor(db):
    from persondata.accounts.tests.personas import make_staff

    return make_staff("anders.auditor", "auditor")


@pytest.fixture
def client_as(db):
    """A factory: ``client_as(user)`` is a new test client logged in as ``user``
    with password and second factor."""
    from django.test import Client

    from persondata.accounts.tests.personas import verify_client

    return lambda user: verify_client(Client(), user)


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin client, past the second factor as every staff login must be."""
    from django.test import Client

    from persondata.accounts.tests.personas import verify_client

    return verify_client(Client(), admin_user)
