"""The retention page names a sweep's status in the page's language."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.utils import timezone

from persondata.retention.models import SweepRun
from persondata.web.tests.world import make_world

pytestmark = pytest.mark.django_db


def test_sweep_statuses_are_danish_on_a_danish_page_and_english_on_an_english_one(client_as, dpo):
    make_world()
    now = timezone.now()
    for status in (SweepRun.Status.FINISHED, SweepRun.Status.FAILED):
        # A row as the sweep writes it (the sweep itself is tested in retention/tests).
        SweepRun.objects.create(
            started_at=now, as_of=date(2026, 3, 1), actor="worker", status=status
        )
    client = client_as(dpo)
    danish = client.get("/staff/sletning/").content.decode()
    assert "gennemført" in danish and "fejlet" in danish
    assert ">finished" not in danish and ">failed" not in danish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/staff/sletning/").content.decode()
    assert "finished" in english and "failed" in english
