"""The Art. 30 records as XLSX, CSV and HTML: every column of Art. 30(1)(a)-(g) and
30(2)(a)-(d), one row per activity, and a spreadsheet that reads well."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook

from persondata.documents.records import (
    RecordTable,
    controller_record,
    processor_record,
    record_for,
)
from persondata.documents.rendering import render_table_html
from persondata.documents.spreadsheets import MAX_WIDTH, MIN_WIDTH, table_to_csv, table_to_xlsx
from persondata.documents.tests.declarations import REAL_FILES, build, load, minimal_dict
from persondata.documents.tests.html_reading import parse_strict, text_of

GENERATED = datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))


def _marker(paragraph: int, letter: str, lang: str) -> str:
    if lang == "da":
        return f"art. 30, stk. {paragraph}, litra {letter}"
    return f"Art. 30({paragraph})({letter})"


def _xlsx(table: RecordTable, lang: str = "da") -> Workbook:
    data = table_to_xlsx(table, lang=lang, controller="X", generated=GENERATED, version=2)
    return load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("name", sorted(REAL_FILES))
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_controller_record_has_every_art_30_1_column_and_a_row_per_activity(name, lang):
    declaration = load(REAL_FILES[name])
    workbook = _xlsx(controller_record(declaration, lang), lang)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    joined = " | ".join(header)
    for letter in "abcdefg":
        assert _marker(1, letter, lang) in joined, letter
    activities = list(declaration.controller_activities.values())
    assert sheet.max_row == 1 + len(activities)
    names = [sheet.cell(row=row, column=1).value for row in range(2, sheet.max_row + 1)]
    assert names == [a.name.get(lang) for a in activities]
    for row in sheet.iter_rows(min_row=2):
        controller_cell = row[1].value
        assert declaration.controller.name in controller_cell
        assert declaration.controller.email in controller_cell


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_the_processor_record_has_every_art_30_2_column_grouped_by_client(name):
    declaration = load(REAL_FILES[name])
    table = processor_record(declaration, "en")
    sheet = _xlsx(table, "en").worksheets[0]
    joined = " | ".join(cell.value for cell in sheet[1])
    for letter in "abcd":
        assert _marker(2, letter, "en") in joined
    expected = sorted(
        (client, a.name.get("en"))
        for a in declaration.processor_activities.values()
        for client in a.on_behalf_of or []
    )
    assert expected, "the reference declarations both have a processor activity"
    clients = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert clients == sorted(clients, key=str.casefold)
    assert sorted(clients) == sorted(client for client, _name in expected)
    assert table.group_column == 0


def test_the_spreadsheet_has_a_bold_header_frozen_panes_widths_and_wrapped_text():
    table = controller_record(load(REAL_FILES["eksempel"]), "da")
    workbook = _xlsx(table)
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "B2"
    assert all(cell.font.bold for cell in sheet[1])
    for column in "ABCDEFGHIJK":
        width = sheet.column_dimensions[column].width
        assert MIN_WIDTH <= width <= MAX_WIDTH
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    retention = sheet.cell(row=2, column=10).value
    assert "\n" in retention  # several rules, one per line
    about = workbook.worksheets[1]
    assert about.title == "Om"
    assert about["B1"].value == table.title


def test_text_that_looks_like_a_formula_stays_text():
    data = minimal_dict()
    data["controller"]["name"] = '=HYPERLINK("http://evil.example","click")'
    data["activities"]["customers"]["name"] = "@SUM(A1:A9)"
    table = controller_record(build(data), "en")
    sheet = _xlsx(table, "en").worksheets[0]
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert sheet.cell(row=2, column=2).value.startswith("=HYPERLINK")
    rows = list(csv.reader(io.StringIO(table_to_csv(table))))
    assert rows[1][0] == "'@SUM(A1:A9)"
    assert rows[1][1].startswith("'=HYPERLINK")


def test_a_phone_number_in_csv_is_not_mistaken_for_a_formula():
    data = minimal_dict()
    data["controller"]["phone"] = "+45 12 34 56 78"
    data["controller"]["name"] = "-Minus ApS"
    rows = list(csv.reader(io.StringIO(table_to_csv(controller_record(build(data), "en")))))
    assert "+45 12 34 56 78" in rows[1][1]
    assert rows[1][1].startswith("'-Minus ApS")


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_csv_has_a_header_and_one_row_per_activity_with_multi_line_cells(name):
    declaration = load(REAL_FILES[name])
    table = controller_record(declaration, "en")
    rows = list(csv.reader(io.StringIO(table_to_csv(table))))
    assert rows[0] == list(table.header)
    assert len(rows) == 1 + len(declaration.controller_activities)
    assert any("\n" in cell for cell in rows[1])


@pytest.mark.parametrize("kind", ["controller", "processor"])
def test_the_html_record_parses_and_has_a_row_per_entry(kind):
    declaration = load(REAL_FILES["demo"])
    table = record_for(kind, declaration, "da")
    html = render_table_html(
        table, lang="da", controller=declaration.controller.name, generated_line="x"
    )
    root = parse_strict(html)
    assert root.get("lang") == "da"
    rows = root.findall(".//tbody/tr")
    assert len(rows) == len(table.rows)
    assert text_of(root.find(".//h1")) == table.title
    if kind == "processor":
        assert [text_of(h) for h in root.findall(".//h2")] == list(
            dict.fromkeys(row[0] for row in table.rows)
        )


def test_a_declaration_without_processor_activities_has_an_empty_processor_record():
    declaration = build(minimal_dict())
    table = processor_record(declaration, "en")
    assert table.rows == ()
    html = render_table_html(table, lang="en", controller="X", generated_line="x")
    assert "The declaration has no entries for this record." in html
    sheet = _xlsx(table, "en").worksheets[0]
    assert sheet.max_row == 1


def test_an_unknown_record_kind_is_refused():
    with pytest.raises(ValueError, match="choose 'controller' or 'processor'"):
        record_for("joint", build(minimal_dict()), "en")
