"""A DPO uploads a broken declaration and sees the error with its line number,
then a fixed one and sees the change to the privacy policy."""

from __future__ import annotations

import pytest

from persondata.web.tests.browser.conftest import REPO, log_in, screenshot

pytestmark = pytest.mark.browser


def test_a_broken_upload_shows_its_line_and_a_fixed_one_shows_the_change(page, site, tmp_path):
    demo = (REPO / "examples" / "demo.yaml").read_text(encoding="utf-8")
    broken = demo.replace("legal_bases: [contract", "legal_bases: [contrakt", 1)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "contrakt" in text)
    fixed = demo.replace("Havnegade 7", "Havnegade 9", 1)
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "fixed.yaml").write_text(fixed, encoding="utf-8")

    log_in(page, site, "dorte")
    page.goto("/staff/erklaering/")
    screenshot(page, "staff-declaration")
    page.click("a[href='/staff/erklaering/upload/']")
    page.set_input_files("#id_file", str(tmp_path / "broken.yaml"))
    page.click("main form button[type=submit]")
    errors = page.inner_text("#declaration-errors")
    assert f" {line}," in errors
    screenshot(page, "declaration-upload-error")

    page.set_input_files("#id_file", str(tmp_path / "fixed.yaml"))
    page.click("main form button[type=submit]")
    assert "Havnegade 9" in page.inner_text("#upload-changes")
    page.click("button[name=apply]")
    page.wait_for_url("**/staff/erklaering/version/2/")
    assert "Havnegade 9" in page.inner_text("#policy-changes")
    page.goto("/privatlivspolitik/")
    assert "Havnegade 9" in page.inner_text("body")
