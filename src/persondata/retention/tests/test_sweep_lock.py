"""Two sweeps never run at once: the second is refused at once and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import psycopg
import pytest
from django.db import connection

from persondata.retention import sweep
from persondata.retention.locking import LockBusy, _advisory_key, exclusive
from persondata.retention.models import SweepRun


@contextmanager
def _held_elsewhere(name: str) -> Iterator[None]:
    """Hold the lock as another process would: a second PostgreSQL session,
    or a second open file description of the lock file."""
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params, autocommit=True) as other:
            other.execute("SELECT pg_advisory_lock(%s)", [_advisory_key(name)])
            yield
        return
    with exclusive(name):
        yield


@pytest.mark.django_db(transaction=True)
def test_second_sweep_is_refused_while_one_runs():
    with _held_elsewhere(sweep.SWEEP_LOCK), pytest.raises(LockBusy, match="another"):
        sweep.sweep(as_of=date(2026, 3, 2))
    assert SweepRun.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_lock_is_free_again_after_the_holder_is_done():
    with _held_elsewhere(sweep.SWEEP_LOCK):
        pass
    result = sweep.sweep(as_of=date(2026, 3, 2))
    assert result.run.status == SweepRun.Status.FINISHED
