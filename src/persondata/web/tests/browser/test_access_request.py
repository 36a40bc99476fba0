"""A data subject asks for access on the privacy center, confirms by the
e-mailed link; a staff member logs in with password and TOTP, carries the
request out and answers it; the subject downloads the report with their data."""

from __future__ import annotations

import io
import zipfile

import pytest

from persondata.web.tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_an_access_request_from_the_privacy_center_to_the_downloaded_report(page, site):
    page.goto("/")
    screenshot(page, "privacy-center-home")
    page.click("a[href='/anmodning/']")
    page.select_option("select[name=kind]", "access")
    page.fill("input[name=name]", "Karen Jensen")
    page.fill("input[name=email]", "karen@example.dk")
    screenshot(page, "request-form")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/anmodning/sendt/")

    page.goto(site.link_in_mail("karen@example.dk", "/anmodning/bekraeft/"))
    page.click("main form button[type=submit]")
    assert page.locator("main").inner_text().strip()

    log_in(page, site, "sofie")
    screenshot(page, "staff-dashboard")
    page.click("a[href='/staff/anmodninger/']")
    screenshot(page, "staff-requests")
    page.click("#request-queue tbody a")
    assert "Karen Jensen" in page.inner_text("main")
    page.click("#step-execute button[type=submit]")
    page.click("#step-answer button[type=submit]")
    page.wait_for_selector("#step-complete")  # shown once the request is answered
    assert "answered" in page.inner_text("#request-history") or "besvaret" in page.inner_text(
        "#request-history"
    )
    screenshot(page, "staff-request")
    page.click("header form button[type=submit]")  # log out

    page.goto(site.link_in_mail("karen@example.dk", "/anmodning/svar/"))
    page.fill("input[name=email]", "karen@example.dk")
    page.click("main form button[type=submit]")
    page.goto(site.link_in_mail("karen@example.dk", "/anmodning/hent/"))
    page.click("main form button[type=submit]")
    with page.expect_download() as download_info:
        page.click("main a[href*='/hent/']")
    download = download_info.value
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as bundle:
        texts = [bundle.read(name).decode("utf-8", errors="replace") for name in bundle.namelist()]
    assert any("karen@example.dk" in text for text in texts)
