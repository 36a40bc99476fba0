"""Reading a mailing list for ``persondata marketing filter``: one address per
line, or CSV with a header that has an ``email`` or ``phone`` column.

A list is CSV when its first line, split on its most frequent delimiter
(comma, semicolon or tab), has a cell named ``email`` or ``phone`` (any
case); otherwise every non-empty line is an address. Rows are read lazily,
so a list of millions is never held in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

COLUMNS = {"email": "email", "sms": "phone"}
DELIMITERS = (",", ";", "\t")


class AddressListError(ValueError):
    """The list cannot be read for the channel; the message says why and where."""


@dataclass(frozen=True, slots=True)
class ListRow:
    """One address of the list: its line number, the address and the CSV cells
    (None for a plain list)."""

    line: int
    address: str
    cells: list[str] | None


@dataclass
class AddressList:
    """An opened list: ``header`` and ``delimiter`` are None for a plain list."""

    header: list[str] | None
    delimiter: str | None
    rows: Iterator[ListRow]


def open_address_list(stream: IO[str], channel: str) -> AddressList:
    """Read the first line of ``stream`` and decide how to read the rest.

    Raises AddressListError for a channel without lists (only email and
    sms have them), or a CSV header that lacks the channel's column.
    """
    column = COLUMNS.get(channel)
    if column is None:
        raise AddressListError(f"--channel: '{channel}' has no address lists; use email or sms")
    first = stream.readline()
    delimiter = max(DELIMITERS, key=first.count)
    cells = next(csv.reader([first], delimiter=delimiter), [])
    names = [cell.strip().lower() for cell in cells]
    if not set(names) & set(COLUMNS.values()):
        return AddressList(None, None, _plain_rows(first, stream))
    if column not in names:
        raise AddressListError(
            f"line 1: the CSV header has no '{column}' column ({', '.join(cells)}); "
            f"--channel {channel} reads addresses from it"
        )
    return AddressList(cells, delimiter, _csv_rows(stream, delimiter, names.index(column)))


def _plain_rows(first: str, stream: IO[str]) -> Iterator[ListRow]:
    line = 1
    text = first.strip()
    if text:
        yield ListRow(line, text, None)
    for raw in stream:
        line += 1
        text = raw.strip()
        if text:
            yield ListRow(line, text, None)


def _csv_rows(stream: IO[str], delimiter: str, index: int) -> Iterator[ListRow]:
    reader = csv.reader(stream, delimiter=delimiter)
    ended = 0  # lines of the file read before the current row (after the header)
    for cells in reader:
        # A quoted cell may span lines: the row starts where the previous one ended.
        line, ended = ended + 2, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        address = cells[index].strip() if index < len(cells) else ""
        yield ListRow(line, address, cells)
