"""Synergy rules checked by hand (arithmetic in the comments)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from service.domain.synergy import (
    APE_KG_PER_EQUIVALENT,
    Classification,
    Direction,
    Side,
    ape,
    assess,
    classify,
    direction,
)


def side(co2e: str, nox: str, so2: str, pm25: str, nmvoc: str, coverage: str | None = "1") -> Side:
    pollutants = {"nox": D(nox), "so2": D(so2), "pm25": D(pm25), "nmvoc": D(nmvoc)}
    cover = {k: None if coverage is None else D(coverage) for k in pollutants}
    return Side(D(co2e), pollutants, cover, {"all": {"co2e": D(co2e)} | pollutants})


@pytest.mark.parametrize(
    ("co2e", "pollutant", "expected"),
    [
        (Direction.FALLS, Direction.FALLS, Classification.SYNERGY),
        (Direction.FALLS, Direction.UNCHANGED, Classification.CARBON_ONLY),
        (Direction.UNCHANGED, Direction.FALLS, Classification.POLLUTION_ONLY),
        (Direction.FALLS, Direction.RISES, Classification.TRADE_OFF),
        (Direction.RISES, Direction.FALLS, Classification.TRADE_OFF),
        (Direction.UNCHANGED, Direction.RISES, Classification.NEITHER),
        (Direction.RISES, Direction.RISES, Classification.NEITHER),
        (Direction.UNCHANGED, Direction.UNCHANGED, Classification.NEITHER),
        (Direction.RISES, Direction.UNCHANGED, Classification.NEITHER),
    ],
)
def test_every_pair_of_directions_has_one_classification(co2e, pollutant, expected):
    assert classify(co2e, pollutant) is expected


def test_directions_ignore_changes_within_a_per_mille():
    # 10 -> 9.995 is -0.05%: within NEGLIGIBLE_CHANGE (0.1%), so unchanged; 10 -> 9.98 is -0.2%.
    assert direction(D("10"), D("9.995")) is Direction.UNCHANGED
    assert direction(D("10"), D("9.98")) is Direction.FALLS
    assert direction(D("10"), D("10.02")) is Direction.RISES
    # From zero, any emission is a rise and nothing stays nothing.
    assert direction(D("0"), D("0.001")) is Direction.RISES
    assert direction(D("0"), D("0")) is Direction.UNCHANGED


def test_a_change_with_every_classification_but_one_worked_by_hand():
    before = side("10", nox="0.02", so2="0.01", pm25="0.004", nmvoc="0.002")
    after = side("8", nox="0.01", so2="0.012", pm25="0.004", nmvoc="0.001")
    body = assess(before, after)
    # CO2e: (10 - 8) / 10 = 0.2
    assert body["co2e"]["reduction"] == "0.2"
    nox, so2, pm25, nmvoc = (body["pollutants"][k] for k in ("nox", "so2", "pm25", "nmvoc"))
    # NOx: (0.02 - 0.01) / 0.02 = 0.5, elasticity 0.5 / 0.2 = 2.5, both fall
    assert (nox["reduction"], nox["elasticity"], nox["classification"]) == ("0.5", "2.5", "synergy")
    # SO2: (0.01 - 0.012) / 0.01 = -0.2, elasticity -0.2 / 0.2 = -1, rises while CO2e falls
    assert (so2["reduction"], so2["elasticity"], so2["classification"]) == (
        "-0.2",
        "-1",
        "trade_off",
    )
    # PM2.5 does not move: reduction 0, elasticity 0, carbon only
    assert (pm25["reduction"], pm25["elasticity"], pm25["classification"]) == (
        "0",
        "0",
        "carbon_only",
    )
    # NMVOC: (0.002 - 0.001) / 0.002 = 0.5, elasticity 2.5
    assert (nmvoc["reduction"], nmvoc["classification"]) == ("0.5", "synergy")
    ape_body = body["air_pollutant_equivalent"]
    # APE = NOx/0.95 + SO2/0.95 + PM2.5/2.18 (NMVOC has no value in the table):
    # before (0.02 + 0.01)/0.95 + 0.004/2.18 = 0.0315789 + 0.0018349 = 0.0334138
    # after  (0.01 + 0.012)/0.95 + 0.004/2.18 = 0.0231579 + 0.0018349 = 0.0249928
    assert (ape_body["baseline"], ape_body["alternative"]) == ("0.0334138", "0.0249928")
    # reduction 0.0084211 / 0.0334138 = 0.252023; coefficient 0.252023 / 0.2 = 1.260115 -> 1.26012
    assert ape_body["reduction"] == "0.252023"
    assert ape_body["synergy_coefficient"] == "1.26012"
    assert "nmvoc" in ape_body["excluded"]
    assert body["warnings"] == []


def test_pollution_only_and_a_pollutant_rising_while_co2e_stays():
    before = side("5", nox="0.01", so2="0.02", pm25="0", nmvoc="0")
    after = side("5", nox="0.02", so2="0.01", pm25="0", nmvoc="0")
    body = assess(before, after)
    assert body["co2e"]["reduction"] == "0"
    nox, so2 = body["pollutants"]["nox"], body["pollutants"]["so2"]
    # NOx doubles with CO2e unchanged: nothing falls; no elasticity without a CO2e change
    assert (nox["reduction"], nox["classification"], nox["elasticity"]) == ("-1", "neither", None)
    # SO2 halves with CO2e unchanged: pollution only
    assert (so2["reduction"], so2["classification"]) == ("0.5", "pollution_only")
    assert body["air_pollutant_equivalent"]["synergy_coefficient"] is None
    # PM2.5 zero on both sides: no reduction can be stated (division by zero), nothing moved
    assert body["pollutants"]["pm25"]["reduction"] is None
    assert body["pollutants"]["pm25"]["classification"] == "neither"


def test_uncovered_pollutants_are_not_classified_and_coverage_gaps_warn():
    before = side("10", nox="0", so2="0.01", pm25="0", nmvoc="0", coverage="0.9")
    after = side("8", nox="0", so2="0.01", pm25="0", nmvoc="0", coverage="0.5")
    before.coverage["nox"] = D("0")
    body = assess(before, after)
    assert body["pollutants"]["nox"]["classification"] is None
    assert any(w.startswith("nox: not covered") for w in body["warnings"])
    # 0.9 vs 0.5 differ by 0.4 > COVERAGE_GAP_WARNING (0.10)
    assert any(w.startswith("so2: coverage differs") for w in body["warnings"])
    unknown = assess(side("1", "1", "1", "1", "1", None), side("1", "1", "1", "1", "1", None))
    assert any("not known" in w for w in unknown["warnings"])


def test_drivers_rank_the_lines_behind_a_change():
    before = Side(
        D("10"),
        dict.fromkeys(("nox", "so2", "pm25", "nmvoc"), D(0)),
        dict.fromkeys(("nox", "so2", "pm25", "nmvoc"), D(1)),
        {"steel": {"co2e": D("6")}, "power": {"co2e": D("4")}},
    )
    after = Side(
        D("7"),
        before.pollutants_kg,
        before.coverage,
        {"steel": {"co2e": D("5")}, "power": {"co2e": D("1.5")}, "solar": {"co2e": D("0.5")}},
    )
    drivers = assess(before, after)["co2e"]["drivers"]
    # power 4 -> 1.5 (2.5 of the 3 kg), steel 6 -> 5 (1 kg), solar new (-0.5 kg)
    assert [(d["ref"], d["reduction_kg"], d["share_of_change"]) for d in drivers] == [
        ("power", "2.5", "0.833333"),
        ("steel", "1", "0.333333"),
        ("solar", "-0.5", "-0.166667"),
    ]
    assert drivers[2]["baseline_kg"] is None


def test_ape_weights_are_the_tax_law_table():
    # Environmental Protection Tax Law annex, air pollutants: SO2 0.95, NOx 0.95, soot/dust 2.18
    assert {"so2": D("0.95"), "nox": D("0.95"), "pm25": D("2.18")} == APE_KG_PER_EQUIVALENT
    # 0.95 kg of SO2 is one equivalent; so is 2.18 kg of PM2.5
    assert ape({"so2": D("0.95"), "nox": D(0), "pm25": D("2.18"), "nmvoc": D(5)}) == D(2)
