"""Two OS processes appending at once on PostgreSQL never fork the chain.

Selected by the marker: `make ci` runs it in its PostgreSQL pass and leaves it
out of the SQLite pass (`-m "not postgres"`). Run on another database, it
fails with a message saying so (it is never skipped).
"""

from __future__ import annotations

import os
from collections import Counter
from urllib.parse import quote

import pytest
from django.db import connection

from persondata.audit.models import AuditEntry
from persondata.audit.queries import verify_chain
from persondata.audit.tests.concurrency import WRITERS, run_two_writers

PER_WRITER = 200


def _url_of_test_database() -> str:
    """A DATABASE_URL for the database pytest-django created (``test_<name>``)."""
    params = connection.settings_dict
    user = quote(params.get("USER") or "")
    password = quote(params.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{params['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_appending_at_once_leave_one_unforked_chain(tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail(
            "this test needs PostgreSQL: run it with DATABASE_URL=postgres://... "
            "(make ci does), or leave it out with -m 'not postgres' (make test does)"
        )
    before = AuditEntry.objects.count()
    env = {**os.environ, "DATABASE_URL": _url_of_test_database()}
    run_two_writers(count=PER_WRITER, env=env, folder=tmp_path)

    result = verify_chain()
    assert result.ok, result.first_break
    assert result.verified == before + 2 * PER_WRITER
    entries = AuditEntry.objects.filter(action="test.concurrent")
    assert Counter(entries.values_list("actor", flat=True)) == dict.fromkeys(WRITERS, PER_WRITER)
    # No fork: no two entries extend the same predecessor.
    previous = list(AuditEntry.objects.values_list("previous_hash", flat=True))
    assert len(previous) == len(set(previous))
