"""Products: registration, validation and presentation."""

from __future__ import annotations

import pytest

from tests.service.helpers import assert_error

PRODUCT = {
    "sku": "PB-20000",
    "gtin": "06901234567892",
    "names": {"zh-Hans": "移动电源", "zh-Hant": "流動電源", "en": "Power bank"},
    "declared_unit": {"amount": "1", "unit": "piece"},
    "mass_kg": "0.42",
    "pcr": "PCR-2025-01",
}


def test_the_api_md_example_is_registered(client, headers):
    response = client.post("/api/v1/products", headers=headers, json=PRODUCT)
    assert response.status_code == 201, response.get_json()
    product = response.get_json()
    assert product["id"]
    for key in ("sku", "gtin", "names", "declared_unit", "mass_kg", "pcr"):
        assert product[key] == PRODUCT[key], key
    assert product["created_at"].endswith("Z")
    again = client.get(f"/api/v1/products/{product['id']}", headers=headers)
    assert again.get_json() == product
    listing = client.get("/api/v1/products", headers=headers).get_json()
    assert [p["id"] for p in listing["items"]] == [product["id"]]


def test_numbers_and_unit_aliases_are_normalised(client, headers):
    body = PRODUCT | {"declared_unit": {"amount": 2, "unit": "pcs"}, "mass_kg": 0.42}
    product = client.post("/api/v1/products", headers=headers, json=body).get_json()
    assert product["declared_unit"] == {"amount": "2", "unit": "piece"}
    assert product["mass_kg"] == "0.42"


def test_a_duplicate_sku_is_409(client, headers, make_user):
    assert client.post("/api/v1/products", headers=headers, json=PRODUCT).status_code == 201
    body = assert_error(client.post("/api/v1/products", headers=headers, json=PRODUCT), 409, "/sku")
    assert body["code"] == "conflict"
    # Another manufacturer may use the same SKU.
    other = make_user()["headers"]
    assert client.post("/api/v1/products", headers=other, json=PRODUCT).status_code == 201


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"gtin": "06901234567890"}, "/gtin"),  # wrong check digit
        ({"gtin": "12345"}, "/gtin"),
        ({"names": {}}, "/names"),
        ({"sku": ""}, "/sku"),
        ({"declared_unit": {"amount": "0", "unit": "piece"}}, "/declared_unit/amount"),
        ({"declared_unit": {"amount": "-1", "unit": "piece"}}, "/declared_unit/amount"),
        ({"declared_unit": {"amount": "NaN", "unit": "piece"}}, "/declared_unit/amount"),
        ({"declared_unit": {"amount": "1", "unit": "parsec"}}, "/declared_unit/unit"),
        ({"mass_kg": "-0.1"}, "/mass_kg"),
        ({"mass_kg": "heavy"}, "/mass_kg"),
        ({"colour": "red"}, "/colour"),
        ({"sku": "a\x00b"}, "/sku"),
    ],
)
def test_invalid_products_are_422(client, headers, change, pointer):
    response = client.post("/api/v1/products", headers=headers, json=PRODUCT | change)
    assert_error(response, 422, pointer)


def test_an_unknown_name_language_is_422(client, headers):
    response = client.post(
        "/api/v1/products", headers=headers, json=PRODUCT | {"names": {"fr": "Batterie"}}
    )
    body = assert_error(response, 422)
    # marshmallow files dict-key errors under ".../key"; the pointer at least names the entry.
    assert any(p.startswith("/names/fr") for p in body["errors"]), body


@pytest.mark.parametrize("missing", ["sku", "names", "declared_unit"])
def test_required_product_fields(client, headers, missing):
    body = {k: v for k, v in PRODUCT.items() if k != missing}
    assert_error(client.post("/api/v1/products", headers=headers, json=body), 422, f"/{missing}")


def test_unknown_product_is_404(client, headers):
    assert_error(client.get("/api/v1/products/prd_nope", headers=headers), 404)
    assert_error(client.get("/api/v1/products/prd_nope/boms", headers=headers), 404)
