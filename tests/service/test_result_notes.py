"""Warnings per line and pollutant coverage on calculation results (issue 9), checked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.service.helpers import activity_line, emission_line, footprint_of

POLLUTANTS = {"nox", "so2", "pm25", "nmvoc"}


@pytest.fixture()
def headers(manufacturer):
    return manufacturer["headers"]


def test_a_co2_only_factor_is_warned_with_its_line_pointer(client, headers):
    calc = footprint_of(
        client,
        headers,
        activity_line("grid", "electricity-cn-footprint-2024", "1", "kWh"),
        activity_line("frame", "steel-crude-global-2021", "2", "kg", "raw_materials"),
        activity_line("boiler", "diesel-combustion-ipcc2006", "1", "kg"),
        emission_line("site", ("carbon dioxide, fossil", "1", "kg")),
    )
    by_pointer = {w["pointer"]: w["code"] for w in calc["warnings"]}
    assert by_pointer == {
        # worldsteel: t CO2 per t crude steel, CO2 only
        "/lines/1/activity": "co2_only_factor",
        # the MEE footprint factor is a CO2e total whose source states no GWP basis
        "/lines/0/activity": "gwp_basis_not_ar6",
    }
    # the IPCC combustion line (gases characterised with AR6) and the emission line are clean
    assert all(w["message"] for w in calc["warnings"])


def test_an_ar5_total_is_noted_per_line(client, headers):
    calc = footprint_of(
        client, headers, activity_line("case", "hdpe-primary-gb-2025", "1", "kg", "raw_materials")
    )
    assert [(w["code"], w["pointer"]) for w in calc["warnings"]] == [
        ("gwp_basis_not_ar6", "/lines/0/activity")
    ]
    assert "AR5" in calc["warnings"][0]["message"]


def test_coverage_of_measured_emission_lines(client, headers):
    calc = footprint_of(
        client,
        headers,
        # 1 kg CO2 = 1 kg CO2e; names no pollutant
        emission_line("press", ("carbon dioxide, fossil", "1", "kg")),
        # 3 kg CO2 = 3 kg CO2e; names NOx and SO2
        emission_line(
            "oven",
            ("carbon dioxide, fossil", "3", "kg"),
            ("nitrogen oxides", "0.01", "kg"),
            ("sulfur dioxide", "0.002", "kg"),
        ),
    )
    # NOx and SO2: 3 of 4 kg CO2e come from a line reporting them = 0.75; PM2.5, NMVOC: 0
    assert calc["pollutant_coverage"] == {"nox": "0.75", "so2": "0.75", "pm25": "0", "nmvoc": "0"}
    assert calc["warnings"] == []


def test_coverage_of_library_lines(client, headers):
    calc = footprint_of(
        client,
        headers,
        # 10 kWh x 0.6205 = 6.205 kg CO2e; the grid factor reports no pollutant
        activity_line("grid", "electricity-cn-footprint-2023", "10", "kWh"),
        # 1 kg coal (IPCC 2006): 2.44068 CO2 + 2.58e-5 CH4 x 29.8 + 3.87e-5 N2O x 273
        # = 2.44068 + 0.00076884 + 0.0105651 = 2.45201394 kg CO2e; EMEP reports all four
        activity_line("boiler", "coal-bituminous-combustion-ipcc2006", "1", "kg"),
    )
    # 2.45201394 / (6.205 + 2.45201394) = 0.28324... -> 0.2832 for every pollutant
    assert calc["pollutant_coverage"] == dict.fromkeys(POLLUTANTS, "0.2832")
    assert Decimal(calc["pollutants_kg"]["nox"]) > 0


def test_a_footprint_without_pollutant_data_covers_nothing(client, headers):
    calc = footprint_of(client, headers, activity_line("grid", "electricity-cn-footprint-2024"))
    assert calc["pollutant_coverage"] == dict.fromkeys(POLLUTANTS, "0")
