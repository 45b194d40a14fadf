"""Footprints on the tiny library (tests/lca_models/data/tiny/), checked by hand.

Brightway stores exchange amounts and characterisation factors as float32, so hand values
agree to about 1e-7 relative; we compare at 1e-6.

Per unit of each tiny dataset, from exchanges.csv (CF: CH4 fossil 29.8, CH4 non-fossil 27.0,
N2O 273, CO2 and aggregated CO2e 1, biogenic uptake -1, pollutants 1 kg/kg):
    elec        (kWh)  fossil 0.5 (aggregated)                 NOx 0.0002
    steel       (kg)   fossil 1.8 + 0.01*29.8 + 0.5 kWh*0.5     = 1.8 + 0.298 + 0.25 = 2.348
                       NOx 0.5*0.0002 = 0.0001
    diesel-wtt  (kg)   fossil 0.6 (aggregated)
    diesel-burn (kg)   fossil 3.2 + 0.0001*29.8 + 0.0002*273 + 1*0.6
                             = 3.2 + 0.00298 + 0.0546 + 0.6 = 3.85758
    truck       (t*km) fossil 0.08 + 0.01*3.85758 = 0.1185758
                       NOx 0.0004, PM2.5 0.00001, NMVOC 0.00003
    timber      (m3)   fossil 50 t*km*0.1185758 + 40 kWh*0.5 = 5.92879 + 20 = 25.92879
                       biogenic 20 + 0.5*27.0 + 2 = 35.5
                       LUC 30 + 5 = 35
                       total 25.92879 + 35.5 + 35 = 96.42879
                       uptake -800
                       NOx 50*0.0004 + 40*0.0002 = 0.028, SO2 0.1,
                       PM2.5 50*0.00001 = 0.0005, NMVOC 50*0.00003 = 0.0015
    heat        (MJ)   fossil 0.056 + 0.000001*29.8 = 0.0560298, SO2 0.0000003
"""

from __future__ import annotations

from decimal import Decimal as D

import numpy as np
import pytest

from lca_models import (
    INDICATORS,
    Bom,
    ComponentFootprint,
    Emission,
    FootprintEngine,
    Line,
    UnknownComponent,
    reference_footprint,
)

REL = 1e-6
ABS = 1e-15


def vec(**values: float) -> np.ndarray:
    """An indicator vector from keyword values; unnamed indicators are zero."""
    return np.array([values.get(name, 0.0) for name in INDICATORS])


# Per-unit scores, from the arithmetic in the module docstring.
PER_UNIT = {
    "elec": vec(gwp_total=0.5, gwp_fossil=0.5, nox=0.0002),
    "steel": vec(gwp_total=2.348, gwp_fossil=2.348, nox=0.0001),
    "diesel-wtt": vec(gwp_total=0.6, gwp_fossil=0.6),
    "diesel-burn": vec(gwp_total=3.85758, gwp_fossil=3.85758),
    "truck": vec(
        gwp_total=0.1185758, gwp_fossil=0.1185758, nox=0.0004, pm25=0.00001, nmvoc=0.00003
    ),
    "timber": vec(
        gwp_total=96.42879,
        gwp_fossil=25.92879,
        gwp_biogenic=35.5,
        gwp_land_use_change=35.0,
        biogenic_uptake=-800.0,
        nox=0.028,
        so2=0.1,
        pm25=0.0005,
        nmvoc=0.0015,
    ),
    "heat": vec(gwp_total=0.0560298, gwp_fossil=0.0560298, so2=0.0000003),
}
UNIT_OF = {
    "elec": "kWh",
    "steel": "kg",
    "diesel-wtt": "kg",
    "diesel-burn": "kg",
    "truck": "t*km",
    "timber": "m3",
    "heat": "MJ",
}


def no_boms(bom_id: str) -> Bom:
    raise AssertionError(f"unexpected sub-assembly {bom_id}")


def assert_close(actual: np.ndarray, expected: np.ndarray, rel: float = REL) -> None:
    np.testing.assert_allclose(actual, expected, rtol=rel, atol=ABS)


def one_line(line: Line) -> Bom:
    return Bom("hand", D(1), "piece", (line,))


@pytest.mark.parametrize("code", sorted(PER_UNIT))
def test_one_unit_of_each_dataset(engine: FootprintEngine, tiny: str, code: str) -> None:
    bom = one_line(Line("x", "raw_materials", D(1), UNIT_OF[code], activity=code))
    fp = engine.footprint(bom, tiny, no_boms)
    assert_close(fp.totals, PER_UNIT[code])
    assert_close(fp.lines[0].indicators, PER_UNIT[code])


def test_the_score_table_holds_the_hand_values(engine: FootprintEngine, tiny: str) -> None:
    table = engine.table(tiny)
    assert set(table.codes) == set(PER_UNIT)
    for code, expected in PER_UNIT.items():
        assert table.units[table.index[code]] == UNIT_OF[code]
        assert_close(np.asarray(table.scores[table.index[code]]), expected)


@pytest.mark.parametrize(
    ("code", "amount", "unit", "units_of_dataset"),
    [
        ("steel", "2500", "g", 2.5),  # 2500 g = 2.5 kg
        ("steel", "0.5", "t", 500.0),  # 0.5 t = 500 kg
        ("steel", "3", "kilogram", 3.0),
        ("elec", "1500", "Wh", 1.5),  # 1500 Wh = 1.5 kWh
        ("elec", "36", "MJ", 10.0),  # 36 MJ / 3.6 MJ/kWh = 10 kWh
        ("elec", "0.002", "MWh", 2.0),
        ("heat", "2", "kWh", 7.2),  # 2 kWh * 3.6 = 7.2 MJ
        ("heat", "0.5", "GJ", 500.0),
        ("truck", "2000", "kg*km", 2.0),  # 2000 kg*km = 2 t*km
        ("truck", "7", "tkm", 7.0),
        ("timber", "250", "L", 0.25),  # 250 L = 0.25 m3
    ],
)
def test_unit_conversions(
    engine: FootprintEngine,
    tiny: str,
    code: str,
    amount: str,
    unit: str,
    units_of_dataset: float,
) -> None:
    bom = one_line(Line("x", "raw_materials", D(amount), unit, activity=code))
    fp = engine.footprint(bom, tiny, no_boms)
    assert_close(fp.totals, PER_UNIT[code] * units_of_dataset)


@pytest.mark.parametrize(
    ("substance", "amount", "unit", "expected"),
    [
        # 2 g CH4 fossil = 0.002 kg * 29.8 = 0.0596 kg CO2e, fossil
        ("methane, fossil", "2", "g", vec(gwp_total=0.0596, gwp_fossil=0.0596)),
        # 0.5 kg N2O * 273 = 136.5 kg CO2e, fossil part in AR6's split
        ("dinitrogen monoxide", "0.5", "kg", vec(gwp_total=136.5, gwp_fossil=136.5)),
        # 1 t CO2 fossil = 1000 kg CO2e
        ("carbon dioxide, fossil", "1", "t", vec(gwp_total=1000.0, gwp_fossil=1000.0)),
        # 10 g CH4 non-fossil = 0.01 kg * 27.0 = 0.27 kg CO2e, biogenic
        ("methane, non-fossil", "10", "g", vec(gwp_total=0.27, gwp_biogenic=0.27)),
        # 3 kg biogenic CO2 emitted counts 3, in the biogenic part
        ("carbon dioxide, non-fossil", "3", "kg", vec(gwp_total=3.0, gwp_biogenic=3.0)),
        # 4 kg CO2 from land use change, in the LUC part
        (
            "carbon dioxide, land use change",
            "4",
            "kg",
            vec(gwp_total=4.0, gwp_land_use_change=4.0),
        ),
        # 5 kg CO2 taken up from air: -5 in biogenic_uptake, outside the total
        ("carbon dioxide, biogenic uptake", "5", "kg", vec(biogenic_uptake=-5.0)),
        # pollutants are inventory indicators in kg
        ("nitrogen oxides", "250", "g", vec(nox=0.25)),
        ("sulfur dioxide", "1", "g", vec(so2=0.001)),
        ("particulate matter, < 2.5 um", "20", "g", vec(pm25=0.02)),
        ("NMVOC", "0.003", "t", vec(nmvoc=3.0)),
    ],
)
def test_direct_emissions(
    engine: FootprintEngine,
    tiny: str,
    substance: str,
    amount: str,
    unit: str,
    expected: np.ndarray,
) -> None:
    bom = one_line(Line("e", "production", emissions=(Emission(substance, D(amount), unit),)))
    assert_close(engine.footprint(bom, tiny, no_boms).totals, expected)


def test_a_mixed_bom_line_by_line(
    engine: FootprintEngine, tiny: str, brightway_dir, tiny_project
) -> None:
    bom = Bom(
        "mixed",
        D(1),
        "piece",
        (
            Line("frame", "raw_materials", D("2"), "kg", activity="steel"),
            Line("board", "raw_materials", D("250"), "L", activity="timber"),
            Line("power", "production", D("1500"), "Wh", activity="elec"),
            Line(
                "site",
                "production",
                emissions=(
                    Emission("methane, fossil", D("1"), "g"),
                    Emission("dinitrogen monoxide", D("2"), "g"),
                    Emission("nitrogen oxides", D("5"), "g"),
                ),
            ),
            Line("haul", "distribution", D("300"), "kg*km", activity="truck"),
            Line("forklift", "distribution", D("0.4"), "kg", activity="diesel-burn"),
        ),
    )
    expected_lines = [
        PER_UNIT["steel"] * 2,  # fossil 4.696, NOx 0.0002
        PER_UNIT["timber"] * 0.25,  # fossil 6.4821975, biogenic 8.875, LUC 8.75, uptake -200
        PER_UNIT["elec"] * 1.5,  # fossil 0.75, NOx 0.0003
        # 0.001 kg CH4 * 29.8 + 0.002 kg N2O * 273 = 0.0298 + 0.546 = 0.5758; NOx 0.005
        vec(gwp_total=0.5758, gwp_fossil=0.5758, nox=0.005),
        PER_UNIT["truck"] * 0.3,  # 300 kg*km = 0.3 t*km: fossil 0.03557274
        PER_UNIT["diesel-burn"] * 0.4,  # fossil 1.543032
    ]
    fp = engine.footprint(bom, tiny, no_boms)
    assert [line.ref for line in fp.lines] == [line.ref for line in bom.lines]
    assert [line.stage for line in fp.lines] == [line.stage for line in bom.lines]
    for line, expected in zip(fp.lines, expected_lines, strict=True):
        assert_close(line.indicators, expected)
    total = sum(expected_lines)
    # fossil: 4.696 + 6.4821975 + 0.75 + 0.5758 + 0.03557274 + 1.543032 = 14.08260224
    assert fp.value("gwp_fossil") == pytest.approx(14.08260224, rel=REL)
    assert fp.value("gwp_biogenic") == pytest.approx(8.875, rel=REL)
    assert fp.value("gwp_land_use_change") == pytest.approx(8.75, rel=REL)
    assert fp.value("gwp_total") == pytest.approx(14.08260224 + 8.875 + 8.75, rel=REL)
    assert fp.value("biogenic_uptake") == pytest.approx(-200.0, rel=REL)
    # NOx: 0.0002 + 0.25*0.028 + 0.0003 + 0.005 + 0.3*0.0004 = 0.01262
    assert fp.value("nox") == pytest.approx(0.01262, rel=REL)
    assert_close(fp.totals, total)
    # the slow path agrees with the hand values too
    assert_close(reference_footprint(brightway_dir, tiny, bom, no_boms), total)


def test_provenance_is_recorded(engine: FootprintEngine, tiny_project) -> None:
    bom = one_line(Line("x", "raw_materials", D(1), "kg", activity="steel"))
    fp = engine.footprint(bom, tiny_project.library_version, no_boms)
    assert fp.library_version == tiny_project.library_version
    assert fp.method_version == tiny_project.method_version
    assert fp.engine_version
    assert len(fp.matrices_sha256) == 64


def test_sub_assemblies_scale_by_declared_unit(engine: FootprintEngine, tiny: str) -> None:
    # A drawer is declared per 10 pieces: 1 kg steel and 36 MJ of electricity in all.
    drawer = Bom(
        "drawer",
        D(10),
        "piece",
        (
            Line("s", "raw_materials", D(1), "kg", activity="steel"),
            Line("e", "production", D(36), "MJ", activity="elec"),
        ),
    )
    # A panel is declared per 2 kg: 0.01 m3 timber.
    panel = Bom(
        "panel", D(2), "kg", (Line("t", "raw_materials", D("0.01"), "m3", activity="timber"),)
    )
    # A cabinet holds 3 drawers and 500 g of panel, which holds nothing else.
    cabinet = Bom(
        "cabinet",
        D(1),
        "piece",
        (
            Line("d", "production", D(3), "pcs", component_bom="drawer"),
            Line("p", "production", D(500), "g", component_bom="panel"),
        ),
    )
    boms = {"drawer": drawer, "panel": panel}
    fp = engine.footprint(cabinet, tiny, boms.__getitem__)
    # drawer per 10 pieces: steel 2.348 + 10 kWh * 0.5 = 7.348 fossil; 3 pieces = 0.3 of it
    drawer_line = (PER_UNIT["steel"] + PER_UNIT["elec"] * 10) * 0.3
    assert drawer_line[INDICATORS.index("gwp_fossil")] == pytest.approx(0.3 * 7.348)
    # panel per 2 kg: 0.01 m3 timber; 0.5 kg = 0.25 of it, i.e. 0.0025 m3
    panel_line = PER_UNIT["timber"] * 0.01 * 0.25
    assert_close(fp.lines[0].indicators, drawer_line)
    assert_close(fp.lines[1].indicators, panel_line)
    assert_close(fp.totals, drawer_line + panel_line)


def test_certified_component_labels(engine: FootprintEngine, tiny: str) -> None:
    label = ComponentFootprint(D(4), "kg", vec(gwp_total=8.0, gwp_fossil=6.0, gwp_biogenic=2.0))
    bom = one_line(Line("c", "raw_materials", D(1000), "g", component_label="L-1"))
    fp = engine.footprint(bom, tiny, no_boms, resolve_label={"L-1": label}.__getitem__)
    # 1000 g = 1 kg of a label declared per 4 kg: a quarter of its indicators
    assert_close(fp.totals, vec(gwp_total=2.0, gwp_fossil=1.5, gwp_biogenic=0.5))
    with pytest.raises(UnknownComponent):
        engine.footprint(bom, tiny, no_boms)


def test_an_empty_bom_is_zero(engine: FootprintEngine, tiny: str) -> None:
    fp = engine.footprint(Bom("empty", D(1), "piece", ()), tiny, no_boms)
    assert fp.lines == ()
    assert np.array_equal(fp.totals, np.zeros(len(INDICATORS)))
