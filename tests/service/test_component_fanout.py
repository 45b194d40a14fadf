"""Sub-assemblies shared by many lines: each distinct BOM version is visited once, and the
multiplied-out line count is capped with a 422."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from service.services.footprints.bom_validation import MAX_EXPANDED_LINES, check_bom
from tests.service.helpers import (
    activity_line,
    assert_error,
    bom_doc,
    component_line,
    create_bom,
    create_product,
    post_bom,
)

FAN = 10  # lines per level, all naming the level below


def _fan_document(sub_id: str | None) -> dict:
    if sub_id is None:
        return bom_doc(*[activity_line(ref=f"l{i}", amount="0.001") for i in range(FAN)])
    return bom_doc(*[component_line(f"l{i}", sub_id) for i in range(FAN)])


def test_a_fan_out_tree_is_accepted_up_to_the_cap_and_refused_beyond(client, headers):
    boms: list[str] = []
    for level in range(5):  # 10, 100, 1,000, 10,000, 100,000 lines multiplied out
        product = create_product(client, headers)
        sub = boms[-1] if boms else None
        boms.append(create_bom(client, headers, product, _fan_document(sub))["id"])
        assert FAN ** (level + 1) <= MAX_EXPANDED_LINES
    # Each distinct BOM is computed once: 100,000 lines multiplied out, one engine pass.
    calc = client.post(f"/api/v1/boms/{boms[-1]}/calculations", headers=headers)
    assert calc.status_code == 201, calc.get_json()
    # 100,000 lines x 0.001 kWh x 0.6205 kg CO2e/kWh
    assert calc.get_json()["total_kg_co2e"] == "62.05"
    six = create_product(client, headers)
    body = assert_error(post_bom(client, headers, six, _fan_document(boms[-1])), 422, "/lines")
    assert "1000000 lines" in body["errors"]["/lines"][0]


def test_validation_looks_each_distinct_bom_version_up_once_per_line_naming_it():
    """A counting lookup over stored BOMs: 7 levels of 10 lines cost 10 + 6 x 10 lookups,
    not 10^7 (before: every path through the tree was walked)."""
    stored: dict[str, SimpleNamespace] = {}
    previous = None
    for level in range(7):
        document = _fan_document(previous)
        document["declared_unit"] = {"amount": "1", "unit": "piece"}
        bom_id = f"bom_{level}"
        stored[bom_id] = SimpleNamespace(id=bom_id, product_id=f"p{level}", document=document)
        previous = bom_id
    calls: list[str] = []

    def lookup(bom_id: str):
        calls.append(bom_id)
        return stored.get(bom_id)

    data = {
        "system_boundary": "cradle-to-gate",
        "reference_period": {"start": date(2025, 1, 1), "end": date(2026, 1, 1)},
        "site": {"name": "x", "region": "CN-GD"},
        "lines": [
            {
                "ref": f"l{i}",
                "stage": "raw_materials",
                "data": "secondary",
                "component": {"bom_id": previous},
                "amount": 1,
                "unit": "piece",
            }
            for i in range(FAN)
        ],
    }
    _document, errors = check_bom(data, "new", None, lookup, "v1")  # type: ignore[arg-type]
    assert len(calls) == FAN + 6 * FAN
    assert "100000000 lines" in errors["/lines"][0]
