"""Small builders and checks shared by the service tests (plain functions, no fixtures)."""

from __future__ import annotations

import copy
import itertools
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

ELECTRICITY = "electricity-cn-footprint-2023"  # 0.6205 kg CO2e/kWh, aggregated fossil, CN
_SKUS = itertools.count(1)


def activity_line(
    ref: str = "power",
    activity: str = ELECTRICITY,
    amount: Any = "2",
    unit: str = "kWh",
    stage: str = "production",
    **extra: Any,
) -> dict[str, Any]:
    """A BOM line naming a library dataset."""
    return {
        "ref": ref,
        "stage": stage,
        "activity": activity,
        "amount": amount,
        "unit": unit,
    } | extra


def emission_line(
    ref: str, *emissions: tuple[str, Any, str], stage: str = "production", **extra: Any
) -> dict[str, Any]:
    """A BOM line of direct emissions, given as (substance, amount, unit) triples."""
    return {
        "ref": ref,
        "stage": stage,
        "emissions": [{"substance": s, "amount": a, "unit": u} for s, a, u in emissions],
    } | extra


def component_line(
    ref: str, bom_id: str, amount: Any = "1", unit: str = "piece", stage: str = "raw_materials"
) -> dict[str, Any]:
    """A BOM line using another BOM of the same manufacturer as a sub-assembly."""
    return {
        "ref": ref,
        "stage": stage,
        "component": {"bom_id": bom_id},
        "amount": amount,
        "unit": unit,
    }


def bom_doc(*lines: dict[str, Any], boundary: str = "cradle-to-gate") -> dict[str, Any]:
    """A complete BOM document; one electricity line when no lines are given."""
    return {
        "system_boundary": boundary,
        "reference_period": {"start": "2025-01-01", "end": "2026-01-01"},
        "site": {"name": "Bao'an plant", "region": "CN-GD"},
        "lines": copy.deepcopy(list(lines)) if lines else [activity_line()],
    }


def create_product(
    client: FlaskClient,
    headers: dict[str, str],
    declared: tuple[str, str] = ("1", "piece"),
    **fields: Any,
) -> str:
    """Register a product and return its id."""
    body = {
        "sku": f"SKU-{next(_SKUS)}",
        "names": {"en": "Power bank", "zh-Hans": "移动电源"},
        "declared_unit": {"amount": declared[0], "unit": declared[1]},
    } | fields
    response = client.post("/api/v1/products", headers=headers, json=body)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["id"])


def post_bom(
    client: FlaskClient, headers: dict[str, str], product_id: str, document: dict[str, Any]
) -> TestResponse:
    """POST a BOM document to a product."""
    return client.post(f"/api/v1/products/{product_id}/boms", headers=headers, json=document)


def create_bom(
    client: FlaskClient, headers: dict[str, str], product_id: str, document: dict[str, Any]
) -> dict[str, Any]:
    """POST a BOM document that must be accepted; return the stored version."""
    response = post_bom(client, headers, product_id, document)
    assert response.status_code == 201, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def calculate(client: FlaskClient, headers: dict[str, str], bom_id: str) -> dict[str, Any]:
    """POST a calculation that must succeed; return its body."""
    response = client.post(f"/api/v1/boms/{bom_id}/calculations", headers=headers)
    assert response.status_code == 201, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def footprint_of(
    client: FlaskClient,
    headers: dict[str, str],
    *lines: dict[str, Any],
    boundary: str = "cradle-to-gate",
    declared: tuple[str, str] = ("1", "piece"),
) -> dict[str, Any]:
    """Create a product with a BOM of these lines and return the BOM's calculation."""
    product_id = create_product(client, headers, declared=declared)
    bom = create_bom(client, headers, product_id, bom_doc(*lines, boundary=boundary))
    return calculate(client, headers, bom["id"])


def assert_error(response: TestResponse, status: int, pointer: str | None = None) -> dict[str, Any]:
    """Check the one error body shape of API.md, its status and (optionally) a pointer."""
    body = response.get_json()
    assert response.status_code == status, body
    assert isinstance(body, dict), response.get_data(as_text=True)
    assert set(body) == {"code", "status", "message", "errors"}, body
    assert body["status"] == status
    assert isinstance(body["code"], str) and body["code"]
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], dict)
    for key, messages in body["errors"].items():
        assert key.startswith("/"), key
        assert messages and all(isinstance(m, str) and m for m in messages), body
    if pointer is not None:
        assert pointer in body["errors"], body
    result: dict[str, Any] = body
    return result


def numbers_in(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every JSON number in a document, with its JSON pointer."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return []
    if isinstance(value, int | float):
        return [(path, value)]
    if isinstance(value, list):
        return [n for i, v in enumerate(value) for n in numbers_in(v, f"{path}/{i}")]
    return [n for k, v in value.items() for n in numbers_in(v, f"{path}/{k}")]


def strings_in(value: Any) -> list[str]:
    """Every string in a JSON document (keys excluded)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    return []
