"""The reference library search and the emission vocabulary."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.service.helpers import ELECTRICITY, assert_error

ITEM_KEYS = {
    "code",
    "name",
    "names",
    "category",
    "unit",
    "region",
    "year",
    "source",
    "grade",
    "kg_co2e_per_unit",
}
API_MD_SUBSTANCES = [
    "carbon dioxide, fossil",
    "carbon dioxide, non-fossil",
    "carbon dioxide, land use change",
    "methane, fossil",
    "methane, non-fossil",
    "dinitrogen monoxide",
    "sulfur hexafluoride",
    "nitrogen trifluoride",
    "HFC-134a",
    "HFC-32",
    "HFC-125",
    "HFC-143a",
    "HFC-23",
    "tetrafluoromethane",
    "hexafluoroethane",
    "nitrogen oxides",
    "sulfur dioxide",
    "particulate matter, < 2.5 um",
    "NMVOC",
]


def _search(client: FlaskClient, headers: dict[str, str], **query: Any) -> dict[str, Any]:
    response = client.get("/api/v1/library/activities", headers=headers, query_string=query)
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def test_every_item_has_the_contract_fields(client, headers):
    body = _search(client, headers, limit=200)
    assert isinstance(body["library"], str) and body["library"]
    assert len(body["items"]) > 100
    for item in body["items"]:
        assert set(item) >= ITEM_KEYS, item
        assert item["code"] and item["name"] and item["unit"] and item["region"]
        assert item["year"] is None or isinstance(item["year"], int)
        assert item["grade"] in ("A", "B", "C")
        # a decimal string without exponent
        assert re.fullmatch(r"-?\d+(\.\d+)?", item["kg_co2e_per_unit"]), item
        Decimal(item["kg_co2e_per_unit"])
    codes = [item["code"] for item in body["items"]]
    assert len(codes) == len(set(codes))


def test_a_known_dataset_with_its_factor(client, headers):
    body = _search(client, headers, q="electricity footprint 2023")
    item = next(i for i in body["items"] if i["code"] == ELECTRICITY)
    assert item["kg_co2e_per_unit"] == "0.6205"
    assert item["unit"] == "kWh"
    assert item["region"] == "CN"
    assert item["year"] == 2023


def test_search_needs_every_word_in_name_or_code(client, headers):
    body = _search(client, headers, q="steel crude", limit=200)
    assert body["items"]
    assert "steel-crude-global-2021" in {i["code"] for i in body["items"]}
    for item in body["items"]:
        text = f"{item['code']} {item['name']}".lower()
        assert "steel" in text and "crude" in text
    assert body["total"] == len(body["items"])


def test_search_is_case_insensitive(client, headers):
    lower = _search(client, headers, q="batteries", limit=200)
    upper = _search(client, headers, q="BATTERIES", limit=200)
    assert lower["items"]
    assert lower["items"] == upper["items"]
    by_code = _search(client, headers, q="PP-PRIMARY", limit=200)
    assert "pp-primary" in {i["code"] for i in by_code["items"]}


def test_search_with_no_match_is_empty(client, headers):
    body = _search(client, headers, q="unobtainium")
    assert body["items"] == []
    assert body["total"] == 0
    assert body["library"]


def test_region_cn_gd_includes_its_parents_most_specific_first(client, headers):
    body = _search(client, headers, region="CN-GD", limit=200)
    regions = [item["region"] for item in body["items"]]
    order = ["CN-GD", "CN-SOUTH", "CN", "GLO"]
    assert set(regions) == set(order)
    assert regions == sorted(regions, key=order.index)
    assert regions[0] == "CN-GD"


def test_region_filter_with_words(client, headers):
    body = _search(client, headers, q="electricity", region="CN-GD", limit=200)
    regions = [item["region"] for item in body["items"]]
    assert regions[:2] == ["CN-GD", "CN-GD"]
    assert "CN-SOUTH" in regions and "CN" in regions
    # Other grids (HK, other Chinese regions) are not offered for a Guangdong product.
    assert not {"HK", "CN-NORTH", "GB"} & set(regions)


def test_region_hk_offers_hk_and_global_only(client, headers):
    regions = {item["region"] for item in _search(client, headers, region="HK", limit=200)["items"]}
    assert regions == {"HK", "GLO"}


def test_limit_bounds(client, headers):
    assert len(_search(client, headers, limit=1)["items"]) == 1
    everything = _search(client, headers, limit=200)
    assert len(everything["items"]) == min(200, everything["total"])
    assert len(_search(client, headers)["items"]) == 20  # the default
    for bad in ("0", "201", "-1", "abc", "1.5"):
        response = client.get(f"/api/v1/library/activities?limit={bad}", headers=headers)
        assert_error(response, 422, "/query/limit")


def test_total_counts_beyond_the_limit(client, headers):
    body = _search(client, headers, q="freight", limit=3)
    assert len(body["items"]) == 3
    assert body["total"] > 3


def test_substances_cover_api_md(client, headers):
    response = client.get("/api/v1/library/substances", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    names = [item["substance"] for item in body["items"]]
    missing = [s for s in API_MD_SUBSTANCES if s not in names]
    assert missing == []
    assert len(names) == len(set(names))
    assert body["method"]
    gwp = {item["substance"]: Decimal(item["gwp100"]) for item in body["items"]}
    assert gwp["methane, fossil"] == Decimal("29.8")
    assert gwp["methane, non-fossil"] == Decimal("27")
    assert gwp["dinitrogen monoxide"] == Decimal("273")
    assert gwp["sulfur hexafluoride"] == Decimal("25200")
    assert gwp["nitrogen oxides"] == 0


@pytest.mark.parametrize("substance", API_MD_SUBSTANCES)
def test_every_listed_substance_is_accepted_in_a_bom(client, headers, substance):
    from tests.service.helpers import bom_doc, create_product, emission_line, post_bom

    product = create_product(client, headers)
    response = post_bom(
        client, headers, product, bom_doc(emission_line("gas", (substance, "0.001", "kg")))
    )
    assert response.status_code == 201, response.get_json()
