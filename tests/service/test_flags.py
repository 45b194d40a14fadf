"""Reviewer flags as GET /api/v1/applications/{id} shows them, from real calculations."""

from __future__ import annotations

import pytest

from tests.service.helpers import (
    activity_line,
    assert_error,
    bom_doc,
    create_bom,
    create_product,
)
from tests.service.workflow_helpers import application_in, apply, calculated_bom, make_people

POWER = "electricity-cn-footprint-2023"  # life-cycle, grade B, kWh
CO2_ONLY = "electricity-cn-co2-2023"  # co2-only, grade B, kWh
GRADE_C = "hdpe-primary-gb-2025"  # life-cycle, grade C (AR5 total, not split by gas), kg
GRADE_A = "aluminium-primary-global-2022"  # life-cycle, grade A, kg
CO2_ONLY_STEEL = "steel-crude-global-2021"  # worldsteel: t CO2 per t crude steel, kg
BATTERY_PACK = "li-ion-pack-lfp-cn-2017"  # a battery pack per kWh of capacity, not energy use


@pytest.fixture()
def people(session, make_user, manufacturer):
    return make_people(session, make_user, manufacturer)


def _sheet(client, people, application_id):
    response = client.get(
        f"/api/v1/applications/{application_id}", headers=people["reviewer"]["headers"]
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _flags(client, people, *lines, **extra):
    application = application_in(client, people, "submitted", *lines, **extra)
    sheet = _sheet(client, people, application["id"])
    return sheet, {(f["code"], f["line_ref"]) for f in sheet["flags"]}


def _primary(ref, activity=POWER, amount="10", unit="kWh", stage="production"):
    return activity_line(ref, activity, amount, unit, stage, data="primary")


def test_a_clean_footprint_has_no_flags(client, people):
    sheet, flags = _flags(client, people, _primary("power"))
    assert flags == set()
    assert sheet["lines"][0]["flags"] == []


def test_grade_c_data_is_flagged_on_its_line(client, people):
    sheet, flags = _flags(
        client,
        people,
        _primary("steel", GRADE_C, "1", "kg", "raw_materials"),
        _primary("frame", GRADE_A, "1", "kg", "raw_materials"),
    )
    assert flags == {("grade_c_data", "steel")}
    by_ref = {line["ref"]: line for line in sheet["lines"]}
    assert [f["code"] for f in by_ref["steel"]["flags"]] == ["grade_c_data"]
    assert by_ref["steel"]["dataset"]["grade"] == "C"
    assert by_ref["frame"]["flags"] == []


@pytest.mark.parametrize(
    ("secondary_kwh", "share", "flagged"),
    [("4.9", "0.049", False), ("5", "0.05", False), ("5.1", "0.051", True)],
)
def test_secondary_data_above_five_percent_is_flagged(
    client, people, secondary_kwh, share, flagged
):
    primary_kwh = str(100 - float(secondary_kwh))
    sheet, flags = _flags(
        client,
        people,
        _primary("metered", amount=primary_kwh),
        activity_line("estimated", POWER, secondary_kwh, data="secondary"),
    )
    by_ref = {line["ref"]: line for line in sheet["lines"]}
    assert by_ref["estimated"]["share"] == share
    assert by_ref["estimated"]["data"] == "secondary"
    assert flags == ({("secondary_data_major_share", "estimated")} if flagged else set())


def test_a_primary_line_of_any_share_is_not_flagged(client, people):
    flags = _flags(client, people, _primary("power", amount="1000"))[1]
    assert flags == set()


@pytest.mark.parametrize(
    ("second_kwh", "flagged"),
    [("10.9", False), ("11.1", True), ("9.1", False), ("8.9", True)],
)
def test_a_footprint_moving_more_than_ten_percent_against_the_previous_version(
    client, people, second_kwh, flagged
):
    owner = people["owner"]["headers"]
    application = application_in(client, people, "changes_requested", _primary("power"))
    newer = calculated_bom(
        client, owner, application["product_id"], _primary("power", amount=second_kwh)
    )
    revised = client.post(
        f"/api/v1/applications/{application['id']}/revisions",
        headers=owner,
        json={"bom_id": newer},
    )
    assert revised.status_code == 200, revised.get_json()
    sheet = _sheet(client, people, application["id"])
    moved = [f for f in sheet["flags"] if f["code"] == "footprint_moved"]
    assert bool(moved) == flagged, sheet["flags"]
    if flagged:
        assert moved[0]["line_ref"] is None
        assert moved[0]["details"]["previous"] == "6.205"


def test_the_move_is_measured_against_the_previous_version_of_the_same_product(client, people):
    first = application_in(client, people, "submitted", _primary("power", amount="100"))
    # Another product's much larger footprint is no "previous version".
    second = application_in(client, people, "submitted", _primary("power", amount="10"))
    assert first["product_id"] != second["product_id"]
    sheet = _sheet(client, people, second["id"])
    assert sheet["flags"] == []
    # The first application is on version 1: there is nothing to compare with.
    assert _sheet(client, people, first["id"])["flags"] == []


def test_an_uncalculated_previous_version_is_no_comparison(client, people):
    owner = people["owner"]["headers"]
    product_id = create_product(client, owner)
    create_bom(client, owner, product_id, bom_doc(_primary("power", amount="100")))
    newer = calculated_bom(client, owner, product_id, _primary("power", amount="10"))
    applied = apply(client, owner, newer, people["reviewer"]["org_id"])
    assert applied.status_code == 201, applied.get_json()
    assert _sheet(client, people, applied.get_json()["id"])["flags"] == []


def test_electricity_with_a_co2_only_factor_is_flagged(client, people):
    sheet, flags = _flags(client, people, _primary("grid", CO2_ONLY), _primary("power"))
    assert flags == {("co2_only_electricity", "grid")}
    by_ref = {line["ref"]: line for line in sheet["lines"]}
    assert by_ref["grid"]["dataset"]["kind"] == "co2-only"
    assert "life-cycle factor" in by_ref["grid"]["flags"][0]["message"]


METERED = {"annual_site_energy_kwh": "100000", "annual_production_units": "10000"}  # 10 kWh/unit


@pytest.mark.parametrize(
    ("lines", "flagged"),
    [
        ([("power", "10", "kWh")], False),
        ([("power", "10.9", "kWh")], False),  # +9%
        ([("power", "9.1", "kWh")], False),  # -9%
        ([("power", "11.5", "kWh")], True),  # +15%
        ([("power", "8", "kWh")], True),  # -20%
        ([("power", "36", "MJ")], False),  # 36 MJ = 10 kWh
        ([("power", "45", "MJ")], True),  # 12.5 kWh
        ([("day", "6", "kWh"), ("night", "4000", "Wh")], False),  # the lines add up
        ([("day", "6", "kWh")], True),
    ],
)
def test_metered_energy_against_the_boms_energy_lines(client, people, lines, flagged):
    bom_lines = [_primary(ref, amount=amount, unit=unit) for ref, amount, unit in lines]
    sheet, flags = _flags(client, people, *bom_lines, metered_energy=METERED)
    assert (("metered_energy_gap", None) in flags) == flagged, sheet["flags"]
    assert sheet["metered_energy"] == METERED
    if flagged:
        (gap,) = [f for f in sheet["flags"] if f["code"] == "metered_energy_gap"]
        assert gap["details"]["metered_kwh_per_unit"] == "10.000000"


def test_metered_energy_accepts_json_numbers(client, people):
    metered = {"annual_site_energy_kwh": 100000, "annual_production_units": 10000}
    sheet, flags = _flags(client, people, _primary("power", amount="20"), metered_energy=metered)
    assert ("metered_energy_gap", None) in flags
    assert sheet["metered_energy"] == METERED


def test_no_metered_energy_no_gap_flag(client, people):
    flags = _flags(client, people, _primary("power", amount="1000"))[1]
    assert flags == set()


def test_a_battery_pack_rated_in_kwh_is_not_site_energy(client, people):
    sheet, flags = _flags(
        client,
        people,
        _primary("power", amount="10"),
        _primary("pack", BATTERY_PACK, "2", "kWh", "raw_materials"),
        metered_energy=METERED,
    )
    assert ("metered_energy_gap", None) not in flags, sheet["flags"]


@pytest.mark.parametrize(
    ("metered", "pointer"),
    [
        (
            {"annual_site_energy_kwh": "-1", "annual_production_units": "10"},
            "annual_site_energy_kwh",
        ),
        (
            {"annual_site_energy_kwh": "abc", "annual_production_units": "10"},
            "annual_site_energy_kwh",
        ),
        ({"annual_site_energy_kwh": "100"}, "annual_production_units"),
    ],
)
def test_bad_metered_energy_is_422(client, people, metered, pointer):
    owner = people["owner"]["headers"]
    product_id = create_product(client, owner)
    bom_id = calculated_bom(client, owner, product_id, _primary("power"))
    response = apply(client, owner, bom_id, people["reviewer"]["org_id"], metered_energy=metered)
    assert_error(response, 422, f"/metered_energy/{pointer}")


def test_the_manufacturer_sees_the_same_flags(client, people):
    application = application_in(client, people, "submitted", _primary("grid", CO2_ONLY))
    mine = client.get(
        f"/api/v1/applications/{application['id']}", headers=people["owner"]["headers"]
    ).get_json()
    assert mine["flags"] == _sheet(client, people, application["id"])["flags"]
    assert [f["code"] for f in mine["flags"]] == ["co2_only_electricity"]


def test_a_co2_only_material_factor_is_flagged(client, people):
    sheet, flags = _flags(
        client, people, _primary("frame", CO2_ONLY_STEEL, "1", "kg", "raw_materials")
    )
    assert flags == {("co2_only_factor", "frame")}
    assert sheet["calculation"]["warnings"][0]["pointer"] == "/lines/0/activity"
