"""Turning the rows of a CSV or XLSX file into BOM lines (one line per row)."""

from __future__ import annotations

import csv
import io
from typing import Any

from service.errors import ValidationFailed

# Columns a BOM file may have; emission rows name one substance each and share a ref
# with the other gases of the same line.
COLUMNS = ("ref", "stage", "activity", "amount", "unit", "data", "substance", "component_bom_id")


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


def _cells_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    rows = []
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        # read_only sheets parse lazily: a corrupt sheet fails while rows are read.
        for values in book.worksheets[0].iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append(cells)
    except Exception:  # openpyxl raises many unrelated types for a file that is not XLSX
        raise ValidationFailed(
            "not an XLSX file", {"/file": ["is not a valid XLSX file"]}
        ) from None
    return rows


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
    return line


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
