"""Reading an uploaded export: checked, limited in size, never executed.

XLSX is read with openpyxl in read-only, values-only mode: a formula is never evaluated (its
cached value, if any, is read as text). CSV is UTF-8 with or without a BOM, separated by `;` or
`,` (seller centres write either).
"""

import csv
import io
import zipfile
from dataclasses import dataclass

import openpyxl

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILE_SIZE = 5 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")
# How far down a title block may push the header (Tokopedia's is on row 4).
HEADER_SEARCH_ROWS = 10


@dataclass
class Table:
    """The rows under the header, each a dict of column name → cell, with its line number."""

    rows: list[tuple[int, dict]]


def check_upload(file_name: str, content: bytes) -> None:
    """Refuse what is not a small CSV or XLSX file, before anything reads it."""
    if not file_name.lower().endswith(EXTENSIONS):
        raise ValidationError(_("Upload the export as a .csv or .xlsx file."))
    if len(content) > MAX_FILE_SIZE:
        raise ValidationError(_("The file is larger than 5 MB. Export a shorter period."))
    if not content:
        raise ValidationError(_("The file is empty."))
    if file_name.lower().endswith(".xlsx") and not zipfile.is_zipfile(io.BytesIO(content)):
        raise ValidationError(_("This file is not a real XLSX workbook."))
    if file_name.lower().endswith(".csv") and b"\0" in content:
        raise ValidationError(_("This file is not a text CSV file."))


def read_table(file_name: str, content: bytes, required: list[str]) -> Table:
    """The rows of the file's first sheet under the header row that names the required
    columns. Raises ValidationError naming the missing columns."""
    check_upload(file_name, content)
    if file_name.lower().endswith(".xlsx"):
        raw_rows = xlsx_rows(content)
    else:
        raw_rows = csv_rows(content)
    return rows_under_header(raw_rows, required)


def xlsx_rows(content):
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(
            _("The workbook cannot be read: %(error)s") % {"error": error}
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def csv_rows(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("Save the CSV file as UTF-8 and upload it again.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def rows_under_header(raw_rows, required):
    header_index, header = find_header(raw_rows, required)
    rows = []
    for index, raw in enumerate(raw_rows[header_index + 1 :], start=header_index + 2):
        if all(cell is None or str(cell).strip() == "" for cell in raw):
            continue
        rows.append((index, dict(zip(header, raw, strict=False))))
    return Table(rows=rows)


def find_header(raw_rows, required):
    fewest_missing = list(required)
    for index, raw in enumerate(raw_rows[:HEADER_SEARCH_ROWS]):
        names = [str(cell).strip() if cell is not None else "" for cell in raw]
        missing = [column for column in required if column not in names]
        if not missing:
            return index, names
        if len(missing) < len(fewest_missing):
            fewest_missing = missing
    raise ValidationError(
        _("The file has no column %(columns)s. Is it an order export of this marketplace?")
        % {"columns": ", ".join(f"“{column}”" for column in fewest_missing)},
        code="missing_columns",
    )
