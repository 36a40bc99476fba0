"""Writing a ``RecordTable`` as XLSX (openpyxl) or CSV.

The XLSX has the header in row 1 (bold, shaded), frozen panes below the
header and right of the first column, column widths fitted to the text
(within limits) and wrapped text, so that it opens readably in LibreOffice
and Excel. A second sheet says what the file is and when it was made.

Text from the declaration is never a formula: openpyxl would store a string
starting with "=" as one, so such cells are forced to text; in CSV, a cell
that a spreadsheet would read as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from persondata.documents.records import RecordTable

MIN_WIDTH = 12
MAX_WIDTH = 60
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# A leading + or - followed only by digits and spaces is a phone number, not a formula.
_PLAIN_SIGNED_NUMBER = re.compile(r"^[+-][\d ]+$")


def _sheet_title(name: str) -> str:
    return _SHEET_NAME_FORBIDDEN.sub(" ", name)[:31] or "Sheet"


def _set_text(cell: Cell, value: str) -> None:
    cell.value = value
    # openpyxl takes "=..." for a formula; declaration text must stay text.
    cell.data_type = "s"


def table_to_xlsx(
    table: RecordTable, *, lang: str, controller: str, generated: datetime, version: int | None
) -> bytes:
    """The table as an XLSX workbook (bytes), with an "about" sheet in ``lang``."""
    workbook = Workbook()
    default_sheet = workbook.active
    sheet = workbook.create_sheet(_sheet_title(table.sheet_name), 0)
    if default_sheet is not None:
        workbook.remove(default_sheet)
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor="DDE6F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, title in enumerate(table.header, start=1):
        cell = sheet.cell(row=1, column=column)
        _set_text(cell, title)
        cell.font = bold
        cell.fill = shade
        cell.alignment = wrap
    for row_number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            _set_text(cell, value)
            cell.alignment = wrap
    for column, title in enumerate(table.header, start=1):
        values = [title] + [row[column - 1] for row in table.rows]
        longest = max(len(line) for value in values for line in (value.splitlines() or [""]))
        width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    with translation.override(lang):
        about = workbook.create_sheet(_sheet_title(_("About")))
        facts = [
            (_("Document"), table.title),
            (_("Controller"), controller),
            (_("Declaration version"), str(version) if version is not None else _("not applied")),
            (_("Generated"), generated.strftime("%Y-%m-%d %H:%M %Z").strip()),
        ]
    for row_number, (term, value) in enumerate(facts, start=1):
        term_cell = about.cell(row=row_number, column=1)
        _set_text(term_cell, term)
        term_cell.font = bold
        _set_text(about.cell(row=row_number, column=2), value)
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value: str) -> str:
    if value[:1] in ("=", "@", "\t", "\r") or (
        value[:1] in ("+", "-") and not _PLAIN_SIGNED_NUMBER.match(value)
    ):
        return "'" + value
    return value


def table_to_csv(table: RecordTable) -> str:
    """The table as CSV text (comma-separated, header first, multi-line cells quoted)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_cell(cell) for cell in table.header])
    for row in table.rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue()
