"""Footprints through the API, checked by hand (arithmetic in the comments).

Library factors are Brightway float32 and results keep 6 significant digits, so products of
short decimals such as 2 kWh x 0.6205 come out exact.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

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
    footprint_of,
    numbers_in,
    strings_in,
)

PARTS = ("fossil", "biogenic", "land_use_change")
FIXED = re.compile(r"-?\d+(\.\d+)?")


def _sum(values) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal(0))


def _assert_consistent(calc: dict[str, Any]) -> None:
    """Checks every result must pass, whatever the BOM."""
    total = Decimal(calc["total_kg_co2e"])
    # total == fossil + biogenic + land_use_change, exactly as decimals; uptake stays outside.
    assert total == _sum(calc["parts"][p] for p in PARTS)
    assert set(calc["parts"]) == {*PARTS, "biogenic_uptake"}
    assert Decimal(calc["parts"]["biogenic_uptake"]) <= 0
    assert set(calc["pollutants_kg"]) == {"nox", "so2", "pm25", "nmvoc"}
    _assert_no_exponents(calc)


def _assert_no_exponents(document) -> None:
    assert numbers_in(document) == [] or all(isinstance(v, int) for _, v in numbers_in(document)), (
        numbers_in(document)
    )
    for text in strings_in(document):
        try:
            Decimal(text)
        except ArithmeticError:
            continue
        assert FIXED.fullmatch(text), f"{text!r} is not a plain decimal"


def test_electricity_lines(client, headers):
    calc = footprint_of(
        client,
        headers,
        activity_line(ref="line-power", amount="2", data="primary"),
        activity_line(ref="cells-power", amount="0.8", stage="raw_materials"),
    )
    # 2 kWh x 0.6205 = 1.241; 0.8 kWh x 0.6205 = 0.4964; total 1.7374, all fossil
    assert calc["total_kg_co2e"] == "1.7374"
    assert calc["parts"] == {
        "fossil": "1.7374",
        "biogenic": "0",
        "land_use_change": "0",
        "biogenic_uptake": "0",
    }
    assert calc["by_stage"] == {"production": "1.241", "raw_materials": "0.4964"}
    assert _sum(calc["by_stage"].values()) == Decimal(calc["total_kg_co2e"])
    lines = {line["ref"]: line for line in calc["by_line"]}
    assert [line["ref"] for line in calc["by_line"]] == ["line-power", "cells-power"]
    assert lines["line-power"]["kg_co2e"] == "1.241"
    assert lines["cells-power"]["kg_co2e"] == "0.4964"
    # shares: 1.241 / 1.7374 = 0.71428..., 0.4964 / 1.7374 = 0.28571...
    assert lines["line-power"]["share"] == "0.7143"
    assert lines["cells-power"]["share"] == "0.2857"
    assert lines["line-power"]["stage"] == "production"
    assert lines["line-power"]["activity"] == ELECTRICITY
    assert lines["line-power"]["data"] == "primary"
    # primary share 1.241 / 1.7374 = 0.714; rating (1.241 x 1 + 0.4964 x 2 (grade B)) / 1.7374
    # = 2.2338 / 1.7374 = 1.2857
    quality = calc["data_quality"]
    assert {k: quality[k] for k in ("primary_data_share", "rating")} == {
        "primary_data_share": "0.71",
        "rating": "1.3",
    }
    assert calc["pollutants_kg"] == {"nox": "0", "so2": "0", "pm25": "0", "nmvoc": "0"}
    assert calc["declared_unit"] == {"amount": "1", "unit": "piece"}
    _assert_consistent(calc)


def test_direct_emissions_split_into_parts_and_pollutants(client, headers):
    calc = footprint_of(
        client,
        headers,
        activity_line(ref="power", amount="2"),
        emission_line("ch4", ("methane, fossil", "0.01", "kg")),
        emission_line("bio-ch4", ("methane, non-fossil", "0.01", "kg")),
        emission_line("n2o", ("dinitrogen monoxide", "0.001", "kg")),
        emission_line(
            "luc", ("carbon dioxide, land use change", "0.5", "kg"), stage="raw_materials"
        ),
        emission_line(
            "uptake", ("carbon dioxide, biogenic uptake", "0.3", "kg"), stage="raw_materials"
        ),
        emission_line(
            "air",
            ("nitrogen oxides", "0.004", "kg"),
            ("sulfur dioxide", "0.002", "kg"),
            ("particulate matter, < 2.5 um", "0.0005", "kg"),
            ("NMVOC", "0.001", "kg"),
        ),
    )
    # power 2 x 0.6205 = 1.241 fossil; CH4 fossil 0.01 x 29.8 = 0.298 fossil;
    # CH4 non-fossil 0.01 x 27.0 = 0.27 biogenic; N2O 0.001 x 273 = 0.273 fossil;
    # CO2 from land use change 0.5 x 1 = 0.5; uptake 0.3 kg -> -0.3, outside the total.
    # fossil 1.241 + 0.298 + 0.273 = 1.812; total 1.812 + 0.27 + 0.5 = 2.582
    assert calc["total_kg_co2e"] == "2.582"
    assert calc["parts"] == {
        "fossil": "1.812",
        "biogenic": "0.27",
        "land_use_change": "0.5",
        "biogenic_uptake": "-0.3",
    }
    # production 1.241 + 0.298 + 0.27 + 0.273 + 0 = 2.082; raw materials 0.5 + 0 = 0.5
    assert calc["by_stage"] == {"production": "2.082", "raw_materials": "0.5"}
    assert _sum(calc["by_stage"].values()) == Decimal("2.582")
    lines = {line["ref"]: line for line in calc["by_line"]}
    assert {ref: line["kg_co2e"] for ref, line in lines.items()} == {
        "power": "1.241",
        "ch4": "0.298",
        "bio-ch4": "0.27",
        "n2o": "0.273",
        "luc": "0.5",
        "uptake": "0",
        "air": "0",
    }
    assert _sum(line["kg_co2e"] for line in calc["by_line"]) == Decimal("2.582")
    # shares: 1.241 / 2.582 = 0.48063..., 0.5 / 2.582 = 0.19364...
    assert lines["power"]["share"] == "0.4806"
    assert lines["luc"]["share"] == "0.1936"
    assert lines["uptake"]["share"] == "0"
    assert lines["air"]["substances"] == [
        "nitrogen oxides",
        "sulfur dioxide",
        "particulate matter, < 2.5 um",
        "NMVOC",
    ]
    # Pollutants are inventory totals in kg, not CO2e.
    assert calc["pollutants_kg"] == {
        "nox": "0.004",
        "so2": "0.002",
        "pm25": "0.0005",
        "nmvoc": "0.001",
    }
    assert lines["air"]["pollutants_kg"] == calc["pollutants_kg"]
    assert lines["power"]["pollutants_kg"] == {"nox": "0", "so2": "0", "pm25": "0", "nmvoc": "0"}
    _assert_consistent(calc)


@pytest.mark.parametrize(
    ("substance", "expected", "part"),
    [
        # 0.001 kg x GWP100 (IPCC AR6)
        ("carbon dioxide, fossil", "0.001", "fossil"),
        ("carbon dioxide, non-fossil", "0.001", "biogenic"),
        ("carbon dioxide, land use change", "0.001", "land_use_change"),
        ("methane, fossil", "0.0298", "fossil"),
        ("methane, non-fossil", "0.027", "biogenic"),
        ("dinitrogen monoxide", "0.273", "fossil"),
        ("sulfur hexafluoride", "25.2", "fossil"),
        ("nitrogen trifluoride", "17.4", "fossil"),
        ("HFC-134a", "1.53", "fossil"),
        ("HFC-32", "0.771", "fossil"),
        ("HFC-125", "3.74", "fossil"),
        ("HFC-143a", "5.81", "fossil"),
        ("HFC-23", "14.6", "fossil"),
        ("tetrafluoromethane", "7.38", "fossil"),
        ("hexafluoroethane", "12.4", "fossil"),
    ],
)
def test_each_greenhouse_gas(client, headers, substance, expected, part):
    calc = footprint_of(client, headers, emission_line("gas", (substance, "0.001", "kg")))
    assert calc["total_kg_co2e"] == expected
    assert calc["parts"][part] == expected
    assert all(calc["parts"][p] == "0" for p in PARTS if p != part)
    _assert_consistent(calc)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # 2000 Wh = 2 kWh; 2 x 0.6205 = 1.241
        (activity_line(amount="2000", unit="Wh"), "1.241"),
        # 7.2 MJ / 3.6 = 2 kWh -> 1.241
        (activity_line(amount="7.2", unit="MJ"), "1.241"),
        # 0.002 MWh = 2 kWh -> 1.241
        (activity_line(amount="0.002", unit="MWh"), "1.241"),
        # 0.0072 GJ = 7.2 MJ = 2 kWh -> 1.241
        (activity_line(amount="0.0072", unit="GJ"), "1.241"),
        # 200 g = 0.2 kg of PP; 0.2 x 3.10473 = 0.620946
        (activity_line(activity="pp-primary", amount="200", unit="g"), "0.620946"),
        # 0.002 t = 2 kg of crude steel; 2 x 1.91 kg CO2 = 3.82
        (activity_line(activity="steel-crude-global-2021", amount="0.002", unit="t"), "3.82"),
        # 0.5 kg of Li-ion battery material x 6.308 = 3.154
        (activity_line(activity="li-ion-battery-material", amount="0.5", unit="kg"), "3.154"),
        # 5000 kg*km = 5 t*km by lorry; 5 x 0.10356 = 0.5178
        (
            activity_line(activity="freight-hgv-average-gb-2026", amount="5000", unit="kg*km"),
            "0.5178",
        ),
        # 10 g of fossil methane = 0.01 kg x 29.8 = 0.298
        (emission_line("gas", ("methane, fossil", "10", "g")), "0.298"),
        # 0.000001 t of N2O = 0.001 kg x 273 = 0.273
        (emission_line("gas", ("dinitrogen monoxide", "0.000001", "t")), "0.273"),
    ],
)
def test_unit_conversions(client, headers, line, expected):
    calc = footprint_of(client, headers, line)
    assert calc["total_kg_co2e"] == expected
    assert calc["by_line"][0]["kg_co2e"] == expected
    assert calc["by_line"][0]["share"] == "1"
    _assert_consistent(calc)


def test_a_sub_assembly_counts_per_piece_used(client, headers):
    # Sub-assembly X per piece: 1 kWh x 0.6205 + 0.01 kg CH4 fossil x 29.8
    # + 0.01 kg CH4 non-fossil x 27 = 0.6205 + 0.298 + 0.27 = 1.1885 (fossil 0.9185)
    sub = create_product(client, headers)
    x_lines = (
        activity_line(amount="1"),
        emission_line(
            "gas", ("methane, fossil", "0.01", "kg"), ("methane, non-fossil", "0.01", "kg")
        ),
    )
    x = create_bom(client, headers, sub, bom_doc(*x_lines))
    assert calculate(client, headers, x["id"])["total_kg_co2e"] == "1.1885"
    product = create_product(client, headers)
    bom = create_bom(
        client,
        headers,
        product,
        bom_doc(activity_line(amount="2"), component_line("case", x["id"], amount="2")),
    )
    calc = calculate(client, headers, bom["id"])
    # 2 kWh -> 1.241; 2 pieces of X -> 2.377 (fossil 1.837, biogenic 0.54); total 3.618
    assert calc["total_kg_co2e"] == "3.618"
    assert calc["parts"]["fossil"] == "3.078"
    assert calc["parts"]["biogenic"] == "0.54"
    assert calc["by_line"][1]["ref"] == "case"
    assert calc["by_line"][1]["kg_co2e"] == "2.377"
    assert calc["by_line"][1]["component"] == {"bom_id": x["id"]}
    assert calc["by_stage"] == {"production": "1.241", "raw_materials": "2.377"}
    _assert_consistent(calc)


def test_declared_unit_amounts_other_than_1(client, headers):
    # A pack declared per 2 pieces; its BOM lines are per declared unit (per 2 pieces):
    # 1 kWh x 0.6205 + 0.01 kg CH4 x 29.8 = 0.9185 per 2 pieces.
    pack = create_product(client, headers, declared=("2", "piece"))
    bom = create_bom(
        client,
        headers,
        pack,
        bom_doc(activity_line(amount="1"), emission_line("gas", ("methane, fossil", "0.01", "kg"))),
    )
    pack_calc = calculate(client, headers, bom["id"])
    assert pack_calc["declared_unit"] == {"amount": "2", "unit": "piece"}
    assert pack_calc["total_kg_co2e"] == "0.9185"
    assert bom["document"]["declared_unit"] == {"amount": "2", "unit": "piece"}
    # Using 4 pieces of the pack is twice its declared unit: 2 x 0.9185 = 1.837.
    user = create_product(client, headers)
    used = create_bom(
        client, headers, user, bom_doc(component_line("packs", bom["id"], amount="4"))
    )
    assert calculate(client, headers, used["id"])["total_kg_co2e"] == "1.837"
    # A material declared per 0.5 kg: 1 kWh (0.6205) per 0.5 kg; 250 g of it is 0.5 x 0.6205.
    material = create_product(client, headers, declared=("0.5", "kg"))
    m_bom = create_bom(client, headers, material, bom_doc(activity_line(amount="1")))
    user2 = create_product(client, headers)
    line = component_line("granulate", m_bom["id"], amount="250", unit="g")
    used2 = create_bom(client, headers, user2, bom_doc(line))
    # 0.25 kg / 0.5 kg = 0.5 declared units x 0.6205 = 0.31025
    assert calculate(client, headers, used2["id"])["total_kg_co2e"] == "0.31025"


def test_recalculation_is_identical_except_id_and_time(client, headers):
    product = create_product(client, headers)
    bom = create_bom(
        client,
        headers,
        product,
        bom_doc(
            activity_line(amount="2"),
            activity_line(
                ref="pp", activity="pp-primary", amount="0.25", unit="kg", stage="raw_materials"
            ),
            emission_line(
                "gas", ("methane, fossil", "0.002", "kg"), ("nitrogen oxides", "0.0004", "kg")
            ),
        ),
    )
    first = calculate(client, headers, bom["id"])
    second = calculate(client, headers, bom["id"])
    assert first["id"] != second["id"]
    strip = {"id", "computed_at"}
    assert {k: v for k, v in first.items() if k not in strip} == {
        k: v for k, v in second.items() if k not in strip
    }
    assert first["fingerprint"] == second["fingerprint"]
    listing = client.get(f"/api/v1/boms/{bom['id']}/calculations", headers=headers).get_json()
    assert {c["id"] for c in listing["items"]} == {first["id"], second["id"]}
    _assert_consistent(first)


def test_the_fingerprint_names_its_inputs(client, headers):
    product = create_product(client, headers)
    bom = create_bom(client, headers, product, bom_doc())
    calc = calculate(client, headers, bom["id"])
    fingerprint = calc["fingerprint"]
    assert fingerprint["bom_sha256"] == bom["sha256"]
    stored = client.get(f"/api/v1/boms/{bom['id']}", headers=headers).get_json()
    assert fingerprint["bom_sha256"] == stored["sha256"]
    for key in ("library", "method", "engine"):
        assert isinstance(fingerprint[key], str) and fingerprint[key].strip(), key
    library = client.get("/api/v1/library/activities?limit=1", headers=headers).get_json()
    assert fingerprint["library"] == library["library"]
    substances = client.get("/api/v1/library/substances", headers=headers).get_json()
    assert fingerprint["method"] == substances["method"]
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint["matrices_sha256"])
    assert calc["bom_id"] == bom["id"]


def test_get_returns_what_post_returned(client, headers):
    product = create_product(client, headers)
    bom = create_bom(client, headers, product, bom_doc())
    posted = calculate(client, headers, bom["id"])
    response = client.get(f"/api/v1/calculations/{posted['id']}", headers=headers)
    assert response.status_code == 200
    assert response.get_json() == posted
    listing = client.get(f"/api/v1/boms/{bom['id']}/calculations", headers=headers).get_json()
    assert listing["items"] == [posted]


def test_computed_at_is_utc_with_z(client, headers):
    calc = footprint_of(client, headers, activity_line())
    assert calc["computed_at"].endswith("Z")
    stamp = datetime.fromisoformat(calc["computed_at"].replace("Z", "+00:00"))
    assert stamp.tzinfo is not None
    assert stamp.astimezone(UTC) == stamp
    product = client.get("/api/v1/products", headers=headers).get_json()["items"][0]
    assert product["created_at"].endswith("Z")


def test_no_number_in_any_output_uses_exponent_notation(client, headers):
    # Tiny and large quantities are where exponent notation would creep in:
    # 0.0000001 kWh x 0.6205 = 0.00000006205; 20000000 kWh x 0.6205 = 12410000.
    product = create_product(client, headers, mass_kg=0.0000001)
    bom = create_bom(
        client,
        headers,
        product,
        bom_doc(
            activity_line(ref="tiny", amount=0.0000001),
            activity_line(ref="large", amount=2e7),
            emission_line("gas", ("sulfur dioxide", "1E-7", "kg")),
        ),
    )
    assert [line["amount"] for line in bom["document"]["lines"][:2]] == ["0.0000001", "20000000"]
    calc = calculate(client, headers, bom["id"])
    # 12410000 + 0.00000006205, presented with 6 significant digits of the total
    assert calc["total_kg_co2e"] == "12410000"
    assert calc["by_line"][0]["kg_co2e"] == "0"
    assert calc["pollutants_kg"]["so2"] == "0.0000001"
    for document in (
        calc,
        bom,
        client.get(f"/api/v1/products/{product}", headers=headers).get_json(),
        client.get(f"/api/v1/calculations/{calc['id']}", headers=headers).get_json(),
    ):
        _assert_no_exponents(document)
    tiny = footprint_of(client, headers, activity_line(amount="0.0000001"))
    assert tiny["total_kg_co2e"] == "0.00000006205"
    _assert_consistent(tiny)


def test_a_zero_footprint(client, headers):
    calc = footprint_of(client, headers, activity_line(amount="0"))
    assert calc["total_kg_co2e"] == "0"
    assert calc["by_line"][0]["share"] == "0"
    _assert_consistent(calc)


def test_calculating_an_unknown_bom_is_404(client, headers):
    assert_error(client.post("/api/v1/boms/bom_nope/calculations", headers=headers), 404)
    assert_error(client.get("/api/v1/calculations/calc_nope", headers=headers), 404)
