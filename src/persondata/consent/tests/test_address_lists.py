"""Reading mailing lists: one address per line, or CSV with an email/phone column."""

from __future__ import annotations

from io import StringIO

import pytest

from persondata.consent.address_lists import AddressListError, ListRow, open_address_list


def _rows(text: str, channel: str = "email") -> list[ListRow]:
    return list(open_address_list(StringIO(text), channel).rows)


def test_a_plain_list_is_one_address_a_line_without_blank_lines():
    rows = _rows("a@example.dk\n\n  b@example.dk  \r\n")
    assert rows == [ListRow(1, "a@example.dk", None), ListRow(3, "b@example.dk", None)]


def test_a_header_with_an_email_column_makes_it_csv():
    opened = open_address_list(StringIO("Name,EMAIL\nAnna,a@example.dk\n"), "email")
    assert (opened.header, opened.delimiter) == (["Name", "EMAIL"], ",")
    assert list(opened.rows) == [ListRow(2, "a@example.dk", ["Anna", "a@example.dk"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_found_in_the_header(delimiter):
    text = delimiter.join(["phone", "name"]) + "\n" + delimiter.join(["20123456", "Bo"]) + "\n"
    [row] = _rows(text, "sms")
    assert row.address == "20123456"


def test_quoted_cells_and_line_numbers_follow_the_file():
    text = 'email,note\n"a@example.dk","two\nlines"\n\nb@example.dk,x\n'
    rows = _rows(text)
    assert [(row.line, row.address) for row in rows] == [(2, "a@example.dk"), (5, "b@example.dk")]


def test_a_short_row_has_an_empty_address():
    [row] = _rows("name,email\nAnna\n")
    assert row.address == ""


def test_a_single_email_column_header_is_csv_too():
    opened = open_address_list(StringIO("email\na@example.dk\n"), "email")
    assert opened.header == ["email"]


def test_a_csv_without_the_channels_column_is_refused():
    with pytest.raises(AddressListError, match="the CSV header has no 'phone' column"):
        open_address_list(StringIO("email\na@example.dk\n"), "sms")


def test_only_email_and_sms_have_lists():
    with pytest.raises(AddressListError, match="'post' has no address lists"):
        open_address_list(StringIO(""), "post")


def test_an_empty_list_has_no_rows():
    assert _rows("") == []
