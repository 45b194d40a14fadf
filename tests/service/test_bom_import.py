"""BOM lines from CSV and XLSX files (multipart/form-data), and the ways a file can be bad."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.service.helpers import (
    ELECTRICITY,
    activity_line,
    assert_error,
    bom_doc,
    calculate,
    component_line,
    create_bom,
    create_product,
    emission_line,
    post_bom,
)

FORM = {
    "system_boundary": "cradle-to-gate",
    "reference_period_start": "2025-01-01",
    "reference_period_end": "2026-01-01",
    "site_name": "Bao'an plant",
    "site_region": "CN-GD",
}
HEADER = ["ref", "stage", "activity", "amount", "unit", "data", "substance", "component_bom_id"]


def _rows(component_bom: str) -> list[list[Any]]:
    # Two emission rows share the ref "on-site" and form one line of two gases.
    return [
        HEADER,
        ["cells", "raw_materials", "li-ion-battery-material", "0.25", "kg", "secondary", "", ""],
        ["line-power", "production", ELECTRICITY, "0.8", "kWh", "primary", "", ""],
        ["on-site", "production", "", "0.002", "kg", "primary", "methane, fossil", ""],
        ["on-site", "production", "", "0.0004", "kg", "primary", "nitrogen oxides", ""],
        ["case", "raw_materials", "", "1", "piece", "", "", component_bom],
    ]


def _expected_document(component_bom: str) -> dict[str, Any]:
    """The same BOM as JSON: an import must store exactly this."""
    return bom_doc(
        activity_line(
            ref="cells",
            stage="raw_materials",
            activity="li-ion-battery-material",
            amount="0.25",
            unit="kg",
            data="secondary",
        ),
        activity_line(ref="line-power", amount="0.8", data="primary"),
        emission_line(
            "on-site",
            ("methane, fossil", "0.002", "kg"),
            ("nitrogen oxides", "0.0004", "kg"),
            data="primary",
        ),
        component_line("case", component_bom),
    )


def _csv(rows: list[list[Any]], bom: bool = False) -> bytes:
    text = "\n".join(",".join(f'"{c}"' if "," in str(c) else str(c) for c in r) for r in rows)
    return ("\ufeff" if bom else "").encode() + (text + "\n").encode("utf-8")


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(client, headers, product_id, content: bytes | None, filename="bom.csv", **form):
    data: dict[str, Any] = FORM | form
    if content is not None:
        data["file"] = (io.BytesIO(content), filename)
    return client.post(
        f"/api/v1/products/{product_id}/boms/import",
        headers=headers,
        data=data,
        content_type="multipart/form-data",
    )


@pytest.fixture()
def product_id(client, headers) -> str:
    return create_product(client, headers)


@pytest.fixture()
def component(client, headers) -> str:
    sub = create_product(client, headers)
    return str(create_bom(client, headers, sub, bom_doc())["id"])


def _json_twin(client, headers, component) -> dict[str, Any]:
    other = create_product(client, headers)
    return create_bom(client, headers, other, _expected_document(component))


@pytest.mark.parametrize("byte_order_mark", [False, True])
def test_csv_import_stores_the_same_document_as_json(
    client, headers, product_id, component, byte_order_mark
):
    response = _import(client, headers, product_id, _csv(_rows(component), byte_order_mark))
    assert response.status_code == 201, response.get_json()
    bom = response.get_json()
    assert bom["version"] == 1
    assert bom["product_id"] == product_id
    lines = bom["document"]["lines"]
    assert [line["ref"] for line in lines] == ["cells", "line-power", "on-site", "case"]
    assert lines[2]["emissions"] == [
        {"substance": "methane, fossil", "amount": "0.002", "unit": "kg"},
        {"substance": "nitrogen oxides", "amount": "0.0004", "unit": "kg"},
    ]
    assert lines[3]["component"] == {"bom_id": component}
    twin = _json_twin(client, headers, component)
    assert bom["document"] == twin["document"]
    assert bom["sha256"] == twin["sha256"]


def test_xlsx_import_with_numeric_cells(client, headers, product_id, component):
    rows = _rows(component)
    for row in rows[1:]:
        row[3] = float(row[3]) if "." in row[3] else int(row[3])
    response = _import(client, headers, product_id, _xlsx(rows), "bom.xlsx")
    assert response.status_code == 201, response.get_json()
    twin = _json_twin(client, headers, component)
    assert response.get_json()["document"] == twin["document"]
    assert response.get_json()["sha256"] == twin["sha256"]


def test_imported_bom_calculates(client, headers, product_id):
    rows = [
        ["ref", "stage", "activity", "amount", "unit", "substance"],
        ["power", "production", ELECTRICITY, "2", "kWh", ""],
        ["gas", "production", "", "0.01", "kg", "methane, fossil"],
        ["gas", "production", "", "0.001", "kg", "dinitrogen monoxide"],
    ]
    response = _import(client, headers, product_id, _csv(rows))
    assert response.status_code == 201, response.get_json()
    calc = calculate(client, headers, response.get_json()["id"])
    # 2 x 0.6205 + 0.01 x 29.8 + 0.001 x 273 = 1.241 + 0.298 + 0.273 = 1.812
    assert calc["total_kg_co2e"] == "1.812"
    assert [line["kg_co2e"] for line in calc["by_line"]] == ["1.241", "0.571"]


def test_an_import_is_a_new_version(client, headers, product_id):
    create_bom(client, headers, product_id, bom_doc())
    rows: list[list[Any]] = [
        ["ref", "stage", "activity", "amount", "unit"],
        ["p", "production", ELECTRICITY, 3, "kWh"],
    ]
    response = _import(client, headers, product_id, _csv(rows), site_name="宝安工厂")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["version"] == 2
    assert response.get_json()["document"]["site"] == {"name": "宝安工厂", "region": "CN-GD"}


@pytest.mark.parametrize(
    ("content", "filename", "pointer"),
    [
        (b"ref,stage\n\xff\xfe,production\n", "bom.csv", "/file"),  # not UTF-8
        (b"ref,stage,colour\np,production,red\n", "bom.csv", "/file"),  # unknown column
        (b"stage,activity\nproduction,x\n", "bom.csv", "/file"),  # no ref column
        (b"", "bom.csv", "/file"),  # empty
        (b"\n\n  \n", "bom.csv", "/file"),  # blank
        (b"PK\x03\x04 definitely not a workbook", "bom.xlsx", "/file"),
        (_csv([["ref", "stage"], ["p", "production"]]), "bom.xlsx", "/file"),  # CSV named .xlsx
        (b'ref,stage\n"' + b"x" * 200_000 + b'",production\n', "bom.csv", "/file"),  # huge field
        (b"ref,stage\n", "bom.csv", "/lines"),  # header only: no lines
    ],
)
def test_a_bad_file_is_422_with_a_pointer(client, headers, product_id, content, filename, pointer):
    response = _import(client, headers, product_id, content, filename)
    assert_error(response, 422, pointer)


def test_an_xlsx_with_a_corrupt_sheet_is_422(client, headers, product_id):
    good = _xlsx([["ref", "stage"], ["p", "production"]])
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # a shared-string cell pointing past the end of the (absent) string table
                data = (
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData>'
                    b"</worksheet>"
                )
            target.writestr(item, data)
    response = _import(client, headers, product_id, buffer.getvalue(), "bom.xlsx")
    assert_error(response, 422, "/file")


def test_row_errors_point_at_lines(client, headers, product_id):
    rows = [
        ["ref", "stage", "activity", "amount", "unit", "substance"],
        ["a", "production", ELECTRICITY, "-2", "kWh", ""],
        ["b", "production", "nope", "1", "kg", ""],
        ["c", "production", "", "1", "kg", "phlogiston"],
        ["d", "distribution", ELECTRICITY, "1", "kWh", ""],
        ["a", "production", ELECTRICITY, "1", "kg", ""],
    ]
    body = assert_error(_import(client, headers, product_id, _csv(rows)), 422)
    assert {"/lines/0/amount", "/lines/2/emissions/0/substance"} <= set(body["errors"])
    # Schema errors come first; the library checks run once the shape is right.
    rows = [rows[0], rows[2], rows[4], rows[5]]
    body = assert_error(_import(client, headers, product_id, _csv(rows)), 422)
    assert set(body["errors"]) == {"/lines/0/activity", "/lines/1/stage", "/lines/2/unit"}


def test_a_missing_file_is_422(client, headers, product_id):
    body = assert_error(_import(client, headers, product_id, None), 422)
    assert "/files/file" in body["errors"]


def test_a_file_sent_as_text_is_422(client, headers, product_id):
    response = client.post(
        f"/api/v1/products/{product_id}/boms/import",
        headers=headers,
        data=FORM | {"file": "ref,stage\np,production\n"},
        content_type="multipart/form-data",
    )
    assert_error(response, 422)


@pytest.mark.parametrize("missing", list(FORM))
def test_missing_form_fields_are_422(client, headers, product_id, missing):
    data: dict[str, Any] = {k: v for k, v in FORM.items() if k != missing}
    data["file"] = (io.BytesIO(_csv([["ref", "stage"], ["p", "production"]])), "bom.csv")
    response = client.post(
        f"/api/v1/products/{product_id}/boms/import",
        headers=headers,
        data=data,
        content_type="multipart/form-data",
    )
    assert_error(response, 422, f"/form/{missing}")


def test_bad_header_values_are_422(client, headers, product_id):
    rows: list[list[Any]] = [
        ["ref", "stage", "activity", "amount", "unit"],
        ["p", "production", ELECTRICITY, 1, "kWh"],
    ]
    response = _import(
        client, headers, product_id, _csv(rows), system_boundary="moon", reference_period_end="x"
    )
    body = assert_error(response, 422)
    assert {"/system_boundary", "/reference_period/end"} <= set(body["errors"])


def test_a_file_over_2_mb_is_413(client, headers, product_id):
    content = b"ref,stage\n" + b"p,production\n" * 200_000  # 2.6 MB
    # Encoded in memory: the test client would otherwise spool it to a file it never closes.
    upload = FileStorage(io.BytesIO(content), filename="bom.csv", content_type="text/csv")
    boundary, body = encode_multipart(FORM | {"file": upload})
    assert len(body) > 2 * 1024 * 1024
    response = client.post(
        f"/api/v1/products/{product_id}/boms/import",
        headers=headers,
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert_error(response, 413)


def test_a_json_body_is_not_an_import(client, headers, product_id):
    response = client.post(f"/api/v1/products/{product_id}/boms/import", headers=headers, json=FORM)
    assert response.status_code in (400, 415, 422)
    assert_error(response, response.status_code)


def test_import_leaves_no_version_when_rejected(client, headers, product_id):
    assert _import(client, headers, product_id, b"ref,colour\n").status_code == 422
    assert post_bom(client, headers, product_id, bom_doc()).get_json()["version"] == 1


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_chinese_excel_csv_in_gbk_imports_like_utf_8(client, headers, product_id, encoding):
    # What Excel in Simplified Chinese saves as "CSV": the system code page (GBK).
    text = (
        "ref,stage,activity,amount,unit,data\n"
        "电芯用电,production,electricity-cn-footprint-2023,2,kWh,primary\n"
    )
    response = _import(client, headers, product_id, text.encode(encoding))
    assert response.status_code == 201, response.get_json()
    assert [line["ref"] for line in response.get_json()["document"]["lines"]] == ["电芯用电"]
