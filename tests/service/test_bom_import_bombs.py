"""XLSX files whose declared size or contents would cost far more than their bytes: checked
before parsing (entries, uncompressed size), the declared dimension ignored, rows capped."""

from __future__ import annotations

import io
import re
import zipfile

from service.services.footprints import bom_import
from service.services.footprints.bom_import import MAX_XLSX_ROWS, MAX_XLSX_UNCOMPRESSED_BYTES
from tests.service.helpers import assert_error, create_product
from tests.service.test_bom_import import _import, _xlsx

HEADER = ["ref", "stage", "activity", "amount", "unit"]
ROW = ["power", "production", "electricity-cn-footprint-2023", "2", "kWh"]


def _rewrite(content: bytes, name: str, change) -> bytes:
    """Return the XLSX with one member's XML changed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == name:
                data = change(data.decode()).encode()
            target.writestr(item.filename, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def _declare(dimension: str):
    return lambda xml: re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', xml)


def test_a_declared_dimension_of_a_whole_sheet_is_ignored(client, headers):
    bomb = _rewrite(_xlsx([HEADER, ROW]), SHEET, _declare("A1:XFD20000"))
    assert len(bomb) < 8_000
    rows = bom_import._cells_xlsx(bomb)
    assert rows == [HEADER, ROW]  # not 20,000 rows of 16,384 cells
    product = create_product(client, headers)
    response = _import(client, headers, product, bomb, "bom.xlsx")
    assert response.status_code == 201, response.get_json()
    assert len(response.get_json()["document"]["lines"]) == 1


def test_a_far_cell_and_a_far_row_are_not_padded_out(client, headers):
    def far(xml: str) -> str:
        extra = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        xml = xml.replace(
            "</row></sheetData>",
            '<c r="XFD2" t="inlineStr"><is><t>far</t></is></c></row>' + extra + "</sheetData>",
        )
        return xml

    bomb = _rewrite(_xlsx([HEADER, ROW]), SHEET, far)
    rows = bom_import._cells_xlsx(bomb)
    assert rows[:2] == [HEADER, ROW]
    assert all(len(row) <= bom_import.MAX_XLSX_COLUMNS for row in rows)
    # Cells beyond the columns read and rows beyond the rows read are never parsed into rows.
    product = create_product(client, headers)
    response = _import(client, headers, product, bomb, "bom.xlsx")
    assert response.status_code == 201, response.get_json()
    assert len(response.get_json()["document"]["lines"]) == 1


def test_more_rows_than_the_cap_is_422_at_file(client, headers):
    content = _xlsx([HEADER] + [[f"p{i}", *ROW[1:]] for i in range(MAX_XLSX_ROWS + 1)])
    product = create_product(client, headers)
    body = assert_error(_import(client, headers, product, content, "bom.xlsx"), 422, "/file")
    assert str(MAX_XLSX_ROWS) in body["errors"]["/file"][0]


def test_an_entry_that_inflates_beyond_the_cap_is_422_before_parsing(client, headers):
    zeros = b"0" * (MAX_XLSX_UNCOMPRESSED_BYTES + 1)

    content = _xlsx([HEADER, ROW])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in zipfile.ZipFile(io.BytesIO(content)).infolist():
            target.writestr(item.filename, zipfile.ZipFile(io.BytesIO(content)).read(item))
        target.writestr("xl/padding.bin", zeros)
    bomb = out.getvalue()
    assert len(bomb) < 2 * 1024 * 1024
    product = create_product(client, headers)
    body = assert_error(_import(client, headers, product, bomb, "bom.xlsx"), 422, "/file")
    assert "uncompressed" in body["errors"]["/file"][0]
