"""The one CSV writer of every file the store hands out (product export, statements, payout
batches), so that none lets a spreadsheet run a cell.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)`, DDE `cmd|...`): OWASP's "CSV
injection". Every text cell that does gets a leading apostrophe, which the spreadsheet shows as
text and does not display; whole numbers are written as numbers (a debit of -5000 must stay
something a seller can add up). Quoting is the csv module's (minimal, doubled quotes), lines end
in CRLF as Excel expects. Written here rather than taken from a library: the rule is five lines,
and the packages that offer it (defusedcsv) wrap the same csv module for one function.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from flask import Response

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a UTF-8 file as the Windows code page unless it starts with a byte order mark.
BOM = "\ufeff"

Cell = str | int | None


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as it is, never runs."""
    return "'" + text if text.startswith(FORMULA_START) else text


def restore(text: str) -> str:
    """What `neutralise` wrote, read back (an import of our own export)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _cell(value: Cell) -> str | int:
    if value is None:
        return ""
    if isinstance(value, bool):  # a bool is an int to Python, not to a spreadsheet
        return str(value).lower()
    if isinstance(value, int):
        return value
    return neutralise(str(value))


def rows_as_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, bom: bool = False,
                chunk_rows: int = 200) -> Iterator[str]:
    """The file's text in chunks of `chunk_rows` rows, ready to stream or to join."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow([_cell(name) for name in header])
    for number, row in enumerate(rows, start=1):
        writer.writerow([_cell(value) for value in row])
        if number % chunk_rows == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, bom: bool = False) -> str:
    return "".join(rows_as_csv(header, rows, bom=bom))


def csv_download(filename: str, header: Sequence[str], rows: Iterable[Sequence[Cell]], *,
                 bom: bool = True) -> Response:
    """A CSV file to download, private to the person who asked for it. `rows` may be a
    generator only if it needs no database session (read the rows first)."""
    return Response(rows_as_csv(header, rows, bom=bom), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})
