"""A first walk through the API: product, BOM, calculation."""

from __future__ import annotations


def test_product_bom_calculation(client, make_user):
    user = make_user()
    h = user["headers"]
    product = client.post(
        "/api/v1/products",
        headers=h,
        json={
            "sku": "S1",
            "names": {"en": "Thing"},
            "declared_unit": {"amount": "1", "unit": "piece"},
        },
    )
    assert product.status_code == 201, product.json
    bom = client.post(
        f"/api/v1/products/{product.json['id']}/boms",
        headers=h,
        json={
            "system_boundary": "cradle-to-gate",
            "reference_period": {"start": "2025-01-01", "end": "2026-01-01"},
            "site": {"name": "Plant", "region": "CN-GD"},
            "lines": [
                {
                    "ref": "p",
                    "stage": "production",
                    "activity": "electricity-cn-footprint-2023",
                    "amount": "2",
                    "unit": "kWh",
                }
            ],
        },
    )
    assert bom.status_code == 201, bom.json
    calc = client.post(f"/api/v1/boms/{bom.json['id']}/calculations", headers=h)
    assert calc.status_code == 201, calc.json
    # 2 kWh x 0.6205 kg CO2e/kWh (MEE/NBS/NEA 2023 national footprint factor)
    assert calc.json["total_kg_co2e"] == "1.241"
