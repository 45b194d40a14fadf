"""BOM line uncertainty and pedigree: accepted, stored, imported, and refused at a pointer."""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.service.helpers import (
    activity_line,
    assert_error,
    bom_doc,
    create_bom,
    create_product,
    emission_line,
    post_bom,
)

PEDIGREE = {
    "reliability": 2,
    "completeness": 3,
    "temporal": 1,
    "geographical": 2,
    "technological": 4,
}


@pytest.fixture()
def product_id(client, headers) -> str:
    return create_product(client, headers)


def _boms(client, headers, product_id) -> list[Any]:
    listing = client.get(f"/api/v1/products/{product_id}/boms", headers=headers).get_json()
    return list(listing["items"] if isinstance(listing, dict) else listing)


@pytest.mark.parametrize(
    ("uncertainty", "pointer"),
    [
        ({"distribution": "lognormal", "gsd": "0.9"}, "/lines/0/uncertainty/gsd"),
        ({"distribution": "lognormal", "gsd": "21"}, "/lines/0/uncertainty/gsd"),
        ({"distribution": "lognormal"}, "/lines/0/uncertainty/gsd"),
        ({"distribution": "normal", "sd": "-0.1"}, "/lines/0/uncertainty/sd"),
        ({"distribution": "normal", "sd": "x"}, "/lines/0/uncertainty/sd"),
        ({"distribution": "uniform", "min": "3", "max": "1"}, "/lines/0/uncertainty/min"),
        ({"distribution": "triangular", "min": "3", "max": "4"}, "/lines/0/uncertainty/min"),
        ({"distribution": "uniform", "min": "-1", "max": "4"}, "/lines/0/uncertainty/min"),
        ({"distribution": "lognormal", "gsd": "1.2", "sd": "1"}, "/lines/0/uncertainty/sd"),
        ({"distribution": "beta", "gsd": "1.2"}, "/lines/0/uncertainty/distribution"),
        ({"gsd": "1.2"}, "/lines/0/uncertainty/distribution"),
        ({"distribution": "lognormal", "gsd": "1.2", "shape": "2"}, "/lines/0/uncertainty/shape"),
        ("lognormal", "/lines/0/uncertainty"),
    ],
)
def test_bad_uncertainty_is_422_at_its_pointer_and_nothing_is_stored(
    client, headers, product_id, uncertainty, pointer
):
    document = bom_doc(activity_line(amount="2", uncertainty=uncertainty))
    assert_error(post_bom(client, headers, product_id, document), 422, pointer)
    assert _boms(client, headers, product_id) == []


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"reliability": 0}, "/lines/0/pedigree/reliability"),
        ({"completeness": 6}, "/lines/0/pedigree/completeness"),
        ({"temporal": "2"}, "/lines/0/pedigree/temporal"),
        ({"geographical": 2.5}, "/lines/0/pedigree/geographical"),
        ({"technological": None}, "/lines/0/pedigree/technological"),
        ({"sample_size": 1}, "/lines/0/pedigree/sample_size"),
    ],
)
def test_bad_pedigree_is_422_at_its_pointer(client, headers, product_id, change, pointer):
    document = bom_doc(activity_line(pedigree=PEDIGREE | change))
    assert_error(post_bom(client, headers, product_id, document), 422, pointer)
    assert _boms(client, headers, product_id) == []


def test_uncertainty_and_pedigree_together_is_422(client, headers, product_id):
    line = activity_line(
        uncertainty={"distribution": "lognormal", "gsd": "1.2"}, pedigree=dict(PEDIGREE)
    )
    assert_error(post_bom(client, headers, product_id, bom_doc(line)), 422, "/lines/0/pedigree")


def test_emission_lines_take_only_a_relative_spread(client, headers, product_id):
    line = emission_line(
        "gas",
        ("methane, fossil", "0.01", "kg"),
        uncertainty={"distribution": "normal", "sd": "0.001"},
    )
    assert_error(
        post_bom(client, headers, product_id, bom_doc(line)),
        422,
        "/lines/0/uncertainty/distribution",
    )


def test_uncertainties_are_stored_as_decimal_strings(client, headers, product_id):
    document = bom_doc(
        activity_line("a", amount="2", uncertainty={"distribution": "lognormal", "gsd": 1.50}),
        activity_line("b", amount="2", uncertainty={"distribution": "normal", "sd": "0.20"}),
        activity_line(
            "c", amount="2", uncertainty={"distribution": "triangular", "min": "1", "max": "3"}
        ),
        activity_line(
            "d", amount="2", uncertainty={"distribution": "uniform", "min": "1.5", "max": "2.5"}
        ),
        activity_line("e", pedigree=dict(PEDIGREE)),
        emission_line(
            "f",
            ("methane, fossil", "0.01", "kg"),
            uncertainty={"distribution": "lognormal", "gsd": "2"},
        ),
    )
    lines = create_bom(client, headers, product_id, document)["document"]["lines"]
    assert lines[0]["uncertainty"] == {"distribution": "lognormal", "gsd": "1.5"}
    assert lines[1]["uncertainty"] == {"distribution": "normal", "sd": "0.2"}
    assert lines[2]["uncertainty"] == {"distribution": "triangular", "min": "1", "max": "3"}
    assert lines[3]["uncertainty"] == {"distribution": "uniform", "min": "1.5", "max": "2.5"}
    assert lines[4]["pedigree"] == PEDIGREE
    assert lines[5]["uncertainty"] == {"distribution": "lognormal", "gsd": "2"}


FORM = {
    "system_boundary": "cradle-to-gate",
    "reference_period_start": "2025-01-01",
    "reference_period_end": "2026-01-01",
    "site_name": "Bao'an plant",
    "site_region": "CN-GD",
}


def _import(client, headers, product_id, text: str):
    return client.post(
        f"/api/v1/products/{product_id}/boms/import",
        headers=headers,
        data=FORM | {"file": (io.BytesIO(text.encode()), "bom.csv")},
        content_type="multipart/form-data",
    )


def test_csv_import_takes_the_same_fields(client, headers, product_id):
    text = (
        "ref,stage,activity,amount,unit,distribution,gsd,min,max,reliability,completeness,"
        "temporal,geographical,technological\n"
        "a,production,electricity-cn-footprint-2023,2,kWh,lognormal,1.5,,,,,,,\n"
        "b,production,electricity-cn-footprint-2023,2,kWh,uniform,,1,3,,,,,\n"
        "c,production,electricity-cn-footprint-2023,2,kWh,,,,,2,3,1,2,4\n"
    )
    response = _import(client, headers, product_id, text)
    assert response.status_code == 201, response.get_json()
    lines = response.get_json()["document"]["lines"]
    assert lines[0]["uncertainty"] == {"distribution": "lognormal", "gsd": "1.5"}
    assert lines[1]["uncertainty"] == {"distribution": "uniform", "min": "1", "max": "3"}
    assert lines[2]["pedigree"] == PEDIGREE


def test_csv_import_refuses_a_bad_spread_at_its_pointer(client, headers, product_id):
    text = (
        "ref,stage,activity,amount,unit,distribution,gsd,temporal\n"
        "a,production,electricity-cn-footprint-2023,2,kWh,lognormal,0.5,\n"
        "b,production,electricity-cn-footprint-2023,2,kWh,,,7\n"
    )
    body = assert_error(_import(client, headers, product_id, text), 422, "/lines/0/uncertainty/gsd")
    assert "/lines/1/pedigree/temporal" in body["errors"]
    assert _boms(client, headers, product_id) == []
