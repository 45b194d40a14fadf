"""Swagger UI's "Try it out" sends a BOM file import from the served OpenAPI document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from service.services.accounts import organisations
from tests.e2e.conftest import shot
from tests.service.helpers import ELECTRICITY

IMPORT_PATH = "/api/v1/products/{product_id}/boms/import"


def _manufacturer_with_product(app: Flask) -> tuple[str, str]:
    with app.extensions["gba"].session_factory() as session:
        maker = organisations.create_organisation(session, "manufacturer", "Swagger Kettles Ltd")
        _, token = organisations.create_user(session, maker.id, "manufacturer", "swagger@e2e.test")
    product = app.test_client().post(
        "/api/v1/products",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "sku": "SWAGGER-1",
            "names": {"en": "Kettle"},
            "declared_unit": {"amount": "1", "unit": "piece"},
        },
    )
    assert product.status_code == 201, product.json
    return token, str(product.json["id"])


def test_try_it_out_imports_a_bom_file(new_page: Any, e2e_app: Flask, tmp_path: Path):
    token, product_id = _manufacturer_with_product(e2e_app)
    bom = tmp_path / "bom.csv"
    bom.write_text(
        f"ref,stage,activity,amount,unit,data\npower,production,{ELECTRICITY},2,kWh,primary\n"
    )
    page = new_page()
    page.goto("/api/docs")
    page.click("button.authorize")
    page.fill(".auth-container input", token)
    page.click(".auth-btn-wrapper button.authorize")
    page.click(".auth-btn-wrapper button.btn-done")
    operation = page.locator(f'.opblock-post:has([data-path="{IMPORT_PATH}"])')
    operation.locator(".opblock-summary").first.click()
    operation.locator("button.try-out__btn").click()
    operation.locator('tr[data-param-name="product_id"] input').fill(product_id)
    form = {
        "system_boundary": "cradle-to-gate",
        "reference_period_start": "2025-01-01",
        "reference_period_end": "2025-12-31",
        "site_name": "Dongguan plant",
        "site_region": "CN-GD",
    }
    for name, value in form.items():
        operation.locator(f'tr[data-property-name="{name}"] input').fill(value)
    operation.locator('tr[data-property-name="file"] input[type=file]').set_input_files(str(bom))
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    shot(page, "swagger-bom-import")
    assert status.inner_text().strip() == "201", operation.locator(
        ".live-responses-table"
    ).inner_text()
    with e2e_app.test_client() as client:
        boms = client.get(
            f"/api/v1/products/{product_id}/boms", headers={"Authorization": f"Bearer {token}"}
        ).json["items"]
    assert [b["document"]["site"]["name"] for b in boms] == ["Dongguan plant"]
    assert boms[0]["document"]["lines"][0]["activity"] == ELECTRICITY
