"""A subscriber withdraws newsletter consent from an unsubscribe link, and the
staff subject page shows the withdrawal and the new due date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from persondata.web.tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_an_unsubscribe_shows_on_the_subject_page_with_the_new_due_date(page, site):
    page.goto(site.setup["unsubscribe"])
    screenshot(page, "unsubscribe")
    page.click("main form button[type=submit]")
    assert page.locator("main").inner_text().strip()

    log_in(page, site, "mads")
    page.goto(f"/staff/personer/{site.setup['niels']}/")
    screenshot(page, "staff-subject")
    consents = page.inner_text("#consents")
    # The purpose by its declared name on the Danish page, not its key.
    assert "Nyhedsbrev\ttrukket tilbage" in consents
    assert "newsletter" not in consents
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    assert due in page.inner_text("table.records")
