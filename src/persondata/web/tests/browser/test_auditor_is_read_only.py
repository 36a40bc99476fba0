"""An auditor sees everything and can change nothing: no buttons, and POSTs refused."""

from __future__ import annotations

import pytest

from persondata.web.tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_auditor_has_no_buttons_and_every_post_is_refused(page, site):
    log_in(page, site, "anders")
    subject = f"/staff/personer/{site.setup['karen']}/"
    page.goto(subject)
    main = page.locator("main")
    assert main.locator("form[method=post]").count() == 0
    assert main.locator("a[href$='/slet/'], a[href$='/ny-oplysning/']").count() == 0
    page.goto("/staff/sletning/")
    screenshot(page, "staff-retention")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    headers = {"X-CSRFToken": token, "Referer": site.url + subject}
    for path, form in (
        (f"{subject}slet/", {"confirm": "on"}),
        (f"{subject}haendelse/", {"name": "last_contact", "occurred_on": "2026-01-01"}),
        ("/staff/erklaering/upload/", {}),
    ):
        answer = page.request.post(site.url + path, form=form, headers=headers, max_redirects=0)
        assert answer.status == 403, path
    page.goto(subject)
    assert "Karen Jensen" in page.inner_text("main")
