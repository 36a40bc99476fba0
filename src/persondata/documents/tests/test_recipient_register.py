"""The register of recipients and processors: service, country, DPA date and safeguard."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from persondata.documents.countries import is_third_country
from persondata.documents.records import recipient_register
from persondata.documents.spreadsheets import table_to_csv, table_to_xlsx
from persondata.documents.tests.declarations import REAL_FILES, build, load, minimal_dict


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_every_recipient_is_listed_with_processors_first(name):
    declaration = load(REAL_FILES[name])
    table = recipient_register(declaration, "en")
    assert len(table.rows) == len(declaration.recipients)
    roles = [row[1] for row in table.rows]
    processors = roles.count("processor")
    assert roles[:processors] == ["processor"] * processors
    by_name = {row[0]: row for row in table.rows}
    for recipient in declaration.recipients.values():
        row = by_name[recipient.name.get("en")]
        if recipient.role == "processor":
            assert recipient.dpa_signed is not None
            assert recipient.service is not None
            assert row[6] == recipient.dpa_signed.isoformat()
            assert row[3] == recipient.service.get("en")
        if is_third_country(recipient.country):
            assert recipient.transfer_safeguard is not None
            assert row[5] == "Yes"
            assert row[7].startswith(
                {
                    "scc": "standard contractual clauses",
                    "adequacy": "adequacy decision",
                    "bcr": "binding corporate rules",
                    "derogation": "derogation",
                }[recipient.transfer_safeguard]
            )
        else:
            assert row[5] == "No"
            assert row[7] == "Not applicable"


def test_the_register_in_danish_names_countries_and_roles_in_danish():
    data = minimal_dict()
    data["recipients"] = {
        "cloud": {
            "name": "Cloud Inc.",
            "role": "processor",
            "service": {"da": "Drift", "en": "Hosting"},
            "country": "US",
            "dpa_signed": "2024-05-01",
            "transfer_safeguard": "scc",
        },
        "skat": {"name": "Skattestyrelsen", "role": "authority", "country": "DK"},
    }
    data["activities"]["customers"]["recipients"] = ["cloud", "skat"]
    table = recipient_register(build(data), "da")
    assert table.rows[0] == (
        "Cloud Inc.",
        "databehandler",
        "",
        "Drift",
        "USA",
        "Ja",
        "2024-05-01",
        "standardkontraktbestemmelser (art. 46, stk. 2, litra c)",
        "Kundeforhold",
    )
    assert table.rows[1][1:2] == ("offentlig myndighed",)
    assert table.rows[1][6] == "Ikke relevant"


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_the_register_opens_as_xlsx_and_csv(name):
    declaration = load(REAL_FILES[name])
    table = recipient_register(declaration, "da")
    data = table_to_xlsx(
        table,
        lang="da",
        controller=declaration.controller.name,
        generated=datetime(2026, 1, 5, tzinfo=ZoneInfo("Europe/Copenhagen")),
        version=None,
    )
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.title == "Modtagere"
    assert [cell.value for cell in sheet[1]] == list(table.header)
    assert sheet.max_row == 1 + len(declaration.recipients)
    rows = list(csv.reader(io.StringIO(table_to_csv(table))))
    assert len(rows) == 1 + len(declaration.recipients)
