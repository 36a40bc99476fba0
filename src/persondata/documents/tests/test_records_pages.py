"""The Art. 30 records and the recipient register on the web: staff only."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from persondata.documents.tests.applied import apply_file, at
from persondata.documents.tests.declarations import EKSEMPEL, load
from persondata.documents.tests.html_reading import parse_strict, text_of

pytestmark = pytest.mark.django_db

XLSX = "/dokumenter/art30/controller.xlsx"


@pytest.fixture(autouse=True)
def applied():
    apply_file(EKSEMPEL, at(2026, 1, 10))


def test_anonymous_visitors_are_sent_to_the_staff_login(client):
    response = client.get(XLSX)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/dokumenter/art30/controller.xlsx")


def test_a_logged_in_user_who_is_not_staff_gets_no_record(client, django_user_model):
    user = django_user_model.objects.create_user(username="kunde", password="x" * 16)
    client.force_login(user)
    response = client.get(XLSX)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_download_the_controller_record_as_xlsx(admin_client):
    response = admin_client.get(XLSX + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="art30-controller-v1-en.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    declaration = load(EKSEMPEL)
    assert sheet.max_row == 1 + len(declaration.controller_activities)
    assert sheet.cell(row=1, column=1).value == "Processing activity"


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/dokumenter/art30/processor.csv", "text/csv; charset=utf-8"),
        ("/dokumenter/art30/controller.html", "text/html; charset=utf-8"),
        ("/dokumenter/modtagere.xlsx", "application/vnd.openxmlformats"),
        ("/dokumenter/modtagere.html", "text/html; charset=utf-8"),
    ],
)
def test_staff_download_every_record_in_every_format(admin_client, url, content_type):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    if url.endswith(".html"):
        root = parse_strict(response.content.decode())
        assert root.get("lang") == "da"
        assert "Udarbejdet" in text_of(root.find(".//p[@class='version-line']"))


@pytest.mark.parametrize(
    "url",
    [
        "/dokumenter/art30/joint.xlsx",
        "/dokumenter/art30/controller.pdf",
        "/dokumenter/modtagere.xlsx?lang=de",
    ],
)
def test_unknown_records_formats_and_languages_are_not_found(admin_client, url):
    assert admin_client.get(url).status_code == 404


def test_the_policy_page_offers_staff_the_records_and_others_a_login(client, admin_client):
    public = parse_strict(client.get("/privatlivspolitik/").content.decode())
    staff_box = public.find(".//aside[@class='staff']")
    assert staff_box is not None
    assert [a.get("href") for a in staff_box.iter("a")] == [
        "/admin/login/?next=%2Fprivatlivspolitik%2F"
    ]
    staff = parse_strict(admin_client.get("/privatlivspolitik/").content.decode())
    box = staff.find(".//aside[@class='staff']")
    assert box is not None
    hrefs = [a.get("href") for a in box.iter("a")]
    assert "/dokumenter/art30/controller.xlsx?lang=da" in hrefs
    assert "/dokumenter/art30/processor.xlsx?lang=da" in hrefs
    assert "/dokumenter/modtagere.xlsx?lang=da" in hrefs
