"""Reading an uploaded export: checked, limited in size, never executed, read as a stream.

XLSX is read with openpyxl in read-only, values-only mode: a formula is never evaluated (its
cached value, if any, is read as text), and the sheet is parsed row by row as the rows are
asked for, so memory stays bounded whatever the file's length. CSV is UTF-8 with or without a
BOM, separated by `;` or `,` (seller centres write either), read by a csv reader over a text
stream. A file that cannot be read to its end (a cut-off zip, broken XML, a password, another
encoding) raises ValidationError in words, whenever in the reading it breaks.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILE_SIZE = 5 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")
# How far down a title block may push the header (Tokopedia's is on row 4).
HEADER_SEARCH_ROWS = 10
# An encrypted (password-protected) workbook, like an old .xls, is an OLE compound file.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Table:
    """The rows under the header, each a line number and a dict of column name → cell, read
    one at a time as they are iterated."""

    rows: Iterator[tuple[int, dict]]


def check_upload(file_name: str, content: bytes) -> None:
    """Refuse what is not a small CSV or XLSX file, before anything reads it."""
    if not file_name.lower().endswith(EXTENSIONS):
        raise ValidationError(_("Upload the export as a .csv or .xlsx file."))
    if len(content) > MAX_FILE_SIZE:
        raise ValidationError(_("The file is larger than 5 MB. Export a shorter period."))
    if not content:
        raise ValidationError(_("The file is empty."))
    if file_name.lower().endswith(".xlsx"):
        if content.startswith(OLE_SIGNATURE):
            raise ValidationError(
                _(
                    "This workbook is protected by a password or saved in the old .xls format. "
                    "Open it, save it as .xlsx without a password, and upload it again."
                )
            )
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise ValidationError(_("This file is not a real XLSX workbook."))
    if file_name.lower().endswith(".csv") and b"\0" in content:
        raise ValidationError(_("This file is not a text CSV file."))


def read_table(file_name: str, content: bytes, required: list[str]) -> Table:
    """The rows of the file's first sheet under the header row that names the required
    columns. Raises ValidationError naming the missing columns, or, while the rows are read,
    saying the file is damaged."""
    check_upload(file_name, content)
    raw_rows = xlsx_rows(content) if file_name.lower().endswith(".xlsx") else csv_rows(content)
    return rows_under_header(raw_rows, required)


def xlsx_rows(content) -> Iterator[tuple]:
    try:
        import openpyxl  # loaded when a workbook is read, not in every process (~16 MiB)

        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise unreadable_workbook() from error
    return damage_in_words(sheet_rows(workbook), unreadable_workbook)


def sheet_rows(workbook):
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def unreadable_workbook():
    return ValidationError(
        _(
            "The workbook is damaged and cannot be read to its end. Download the export from "
            "the seller centre again."
        ),
        code="unreadable",
    )


def csv_rows(content) -> Iterator[list]:
    first_line = content[: content.find(b"\n")]
    delimiter = ";" if first_line.count(b";") > first_line.count(b",") else ","
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    return damage_in_words(csv.reader(text, delimiter=delimiter), unreadable_csv)


def unreadable_csv():
    return ValidationError(
        _("Save the CSV file as UTF-8 text and upload it again."), code="unreadable"
    )


def damage_in_words(rows, refusal):
    """The rows, with whatever the parser raises on a damaged file turned into `refusal()`:
    a parser may fail on any row, long after the file was opened."""
    try:
        yield from rows
    except ValidationError:
        raise
    except Exception as error:  # zip, XML, csv and decoding errors of every kind
        raise refusal() from error


def rows_under_header(raw_rows, required) -> Table:
    raw_rows = iter(raw_rows)
    header = find_header(raw_rows, required)
    return Table(rows=rows_as_dicts(raw_rows, header, first_line=header.line_number + 1))


@dataclass
class Header:
    names: list[str]
    line_number: int


def find_header(raw_rows, required) -> Header:
    """Reads the rows up to the header (at most HEADER_SEARCH_ROWS), leaving the rest unread."""
    fewest_missing = list(required)
    for line_number, raw in enumerate(raw_rows, start=1):
        names = [str(cell).strip() if cell is not None else "" for cell in raw]
        missing = [column for column in required if column not in names]
        if not missing:
            return Header(names, line_number)
        if len(missing) < len(fewest_missing):
            fewest_missing = missing
        if line_number == HEADER_SEARCH_ROWS:
            break
    raise ValidationError(
        _("The file has no column %(columns)s. Is it an order export of this marketplace?")
        % {"columns": ", ".join(f"“{column}”" for column in fewest_missing)},
        code="missing_columns",
    )


def rows_as_dicts(raw_rows, header, first_line):
    for line_number, raw in enumerate(raw_rows, start=first_line):
        if all(cell is None or str(cell).strip() == "" for cell in raw):
            continue
        yield line_number, dict(zip(header.names, raw, strict=False))
