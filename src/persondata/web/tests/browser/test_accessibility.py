"""axe-core finds no serious or critical violation on the public pages and the dashboard."""

from __future__ import annotations

import pytest

from persondata.web.tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser

PUBLIC_PAGES = (
    "/",
    "/privatlivspolitik/",
    "/en/privacy-policy/",
    "/anmodning/",
    "/en/request/",
    "/samtykke/",
    "/staff/login/",
)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_has_no_serious_accessibility_violation(browser, site, axe_source, path):
    assert serious_violations(browser, site, axe_source, path) == []


def test_the_unsubscribe_page_has_no_serious_accessibility_violation(browser, site, axe_source):
    path = site.setup["unsubscribe"].removeprefix(site.url)
    assert serious_violations(browser, site, axe_source, path) == []


def test_the_dashboard_has_no_serious_accessibility_violation(browser, site, axe_source):
    assert serious_violations(browser, site, axe_source, "/staff/", login="ida") == []
