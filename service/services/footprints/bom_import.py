"""Turning the rows of a CSV or XLSX file into BOM lines (one line per row)."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from service.errors import ValidationFailed
from service.services.footprints.bom_schema import MAX_LINES

# Columns a BOM file may have; emission rows name one substance each and share a ref
# with the other gases of the same line.
COLUMNS = (
    "ref",
    "stage",
    "activity",
    "amount",
    "unit",
    "data",
    "substance",
    "component_bom_id",
    # The line's uncertainty (as in JSON: distribution with gsd, sd or min and max) ...
    "distribution",
    "gsd",
    "sd",
    "min",
    "max",
    # ... or its pedigree scores, 1 to 5.
    "reliability",
    "completeness",
    "temporal",
    "geographical",
    "technological",
)
_SPREAD = ("gsd", "sd", "min", "max")
_PEDIGREE = ("reliability", "completeness", "temporal", "geographical", "technological")
# Bounds checked before and while an XLSX file is parsed, so that its cost follows its size:
# a 2 MB upload may inflate to far more (deflate reaches ~1000:1), and openpyxl pads every
# row to the sheet's declared dimension (which a 1.6 KB file can declare as A1:XFD20000).
# Rows: a BOM's 5,000 lines, with room for emission lines given one substance per row.
MAX_XLSX_ROWS = 2 * MAX_LINES
# Columns read per row: the known ones and a few unknown ones to name in the error.
MAX_XLSX_COLUMNS = 2 * len(COLUMNS)
# Uncompressed bytes of all the archive's members: a 10,000-row sheet of 8 columns is ~5 MB of
# XML; parsing 16 MB of it costs about a second of CPU.
MAX_XLSX_UNCOMPRESSED_BYTES = 16 * 1024 * 1024
_MAX_XLSX_MEMBERS = 200


def _decode(content: bytes) -> str:
    """Return a CSV file's text: UTF-8 (with or without BOM), else GB18030.

    Excel in Simplified Chinese saves "CSV" in the system code page (GBK, which GB18030
    extends); every byte string that is not UTF-8 is tried as GB18030 before giving up.
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed(
        "the CSV file is neither UTF-8 nor GBK/GB18030",
        {"/file": ["must be UTF-8 or GBK/GB18030 text"]},
    )


def _cells_csv(content: bytes) -> list[list[str]]:
    text = _decode(content)
    try:
        return [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    except csv.Error as error:  # e.g. a field over the csv module's 128 KB limit
        raise ValidationFailed("the CSV file cannot be read", {"/file": [str(error)]}) from None


def _check_archive(content: bytes) -> None:
    """Refuse an XLSX whose members inflate beyond the cap, from the zip directory alone."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationFailed(
            "not an XLSX file", {"/file": ["is not a valid XLSX file"]}
        ) from None
    # Sizes from the central directory: ZipFile never inflates a member beyond its stated size.
    inflated = sum(member.file_size for member in members)
    if len(members) > _MAX_XLSX_MEMBERS or inflated > MAX_XLSX_UNCOMPRESSED_BYTES:
        limit = MAX_XLSX_UNCOMPRESSED_BYTES // (1024 * 1024)
        raise ValidationFailed(
            "the XLSX file is too large once uncompressed",
            {"/file": [f"must be at most {limit} MB uncompressed in {_MAX_XLSX_MEMBERS} parts"]},
        )


def _cells_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    _check_archive(content)
    rows = []
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        # Explicit bounds: the declared dimension is not consulted, rows beyond the cap are not
        # read, and no row is padded beyond MAX_XLSX_COLUMNS cells.
        values_by_row = sheet.iter_rows(
            max_row=MAX_XLSX_ROWS + 2, max_col=MAX_XLSX_COLUMNS, values_only=True
        )
        # read_only sheets parse lazily: a corrupt sheet fails while rows are read.
        for number, values in enumerate(values_by_row, start=1):
            cells = ["" if v is None else str(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append(cells)
                if number > MAX_XLSX_ROWS + 1:
                    break
    except Exception:  # openpyxl raises many unrelated types for a file that is not XLSX
        raise ValidationFailed(
            "not an XLSX file", {"/file": ["is not a valid XLSX file"]}
        ) from None
    if len(rows) > MAX_XLSX_ROWS + 1:
        raise ValidationFailed(
            "the XLSX file has too many rows",
            {"/file": [f"must have at most {MAX_XLSX_ROWS} rows under the header"]},
        )
    # Trailing empty cells (up to the column cap) carry nothing.
    return [row[: max(i + 1 for i, c in enumerate(row) if c.strip())] for row in rows]


def _line(row: dict[str, str]) -> dict[str, Any]:
    line: dict[str, Any] = {"ref": row.get("ref", ""), "stage": row.get("stage", "")}
    if row.get("data"):
        line["data"] = row["data"]
    if row.get("activity"):
        line.update(
            activity=row["activity"], amount=row.get("amount", ""), unit=row.get("unit", "")
        )
    elif row.get("component_bom_id"):
        line.update(
            component={"bom_id": row["component_bom_id"]},
            amount=row.get("amount", ""),
            unit=row.get("unit", ""),
        )
    else:
        line["emissions"] = [
            {
                "substance": row.get("substance", ""),
                "amount": row.get("amount", ""),
                "unit": row.get("unit", ""),
            }
        ]
    return line | _spread(row)


def _score(text: str) -> int | str:
    """A pedigree cell as an integer ("3", or "3.0" from a spreadsheet); else as given (422)."""
    whole = text[:-2] if text.endswith(".0") else text
    return int(whole) if whole.isdigit() and len(whole) < 3 else text


def _spread(row: dict[str, str]) -> dict[str, Any]:
    """Return a row's uncertainty or pedigree fields, when it has any."""
    out: dict[str, Any] = {}
    if row.get("distribution") or any(row.get(key) for key in _SPREAD):
        spread = {key: row[key] for key in _SPREAD if row.get(key)}
        out["uncertainty"] = {"distribution": row.get("distribution", "")} | spread
    if any(row.get(key) for key in _PEDIGREE):
        out["pedigree"] = {key: _score(row.get(key, "")) for key in _PEDIGREE}
    return out


def rows_to_bom(filename: str, content: bytes) -> list[dict[str, Any]]:
    """Parse a BOM file into line dictionaries for BomSchema."""
    cells = _cells_xlsx(content) if filename.lower().endswith(".xlsx") else _cells_csv(content)
    if not cells:
        raise ValidationFailed("the file is empty", {"/file": ["has no header row"]})
    header = [c.strip().lower() for c in cells[0]]
    unknown = [c for c in header if c not in COLUMNS]
    if unknown or "ref" not in header:
        raise ValidationFailed(
            "unexpected columns",
            {
                "/file": [
                    f"columns must be among {', '.join(COLUMNS)} and include ref; got {header}"
                ]
            },
        )
    lines: list[dict[str, Any]] = []
    by_ref: dict[str, dict[str, Any]] = {}
    for cells_row in cells[1:]:
        row = {header[i]: cells_row[i].strip() for i in range(min(len(header), len(cells_row)))}
        line = _line(row)
        previous = by_ref.get(line["ref"])
        if previous is not None and "emissions" in previous and "emissions" in line:
            previous["emissions"].extend(line["emissions"])
            continue
        by_ref[line["ref"]] = line
        lines.append(line)
    return lines
