"""The audit fixes of the shipped library (issue 9, E1-E6) and its row-level schema.

Every row: three names, a category, a GWP basis, a licence of the known set, a grade; DESNZ rows
carry the OGL attribution; superseded rows point at a current row of the same unit.
"""

from __future__ import annotations

import csv

import pytest

from lca_models import INDICATORS, UNITS, FootprintEngine, ProjectInfo, load_library
from lca_models.library.catalogue import CATEGORIES, DATA_DIR, GWP_BASES

OGL_STATEMENT = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)
# Licences a row may carry: each allows redistribution of the values (SOURCES.md says why).
LICENCES = {
    "public domain (PRC government notice)",
    "public information (HKSAR Government)",
    "publication, cited factual value",
    "publication, cited factual value (IPCC)",
    "public standard, cited factual value",
    "Open Government Licence v3.0",
    "CC BY 4.0",
    "see linked datasets",
}


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in _rows("datasets.csv")}


@pytest.fixture(scope="module")
def flows() -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for row in _rows("exchanges.csv"):
        out.setdefault(row["code"], {})[row["flow"]] = float(row["amount"])
    return out


def test_every_row_has_every_column(rows: dict[str, dict[str, str]]) -> None:
    problems = []
    for code, row in rows.items():
        for column in ("name", "name_zh_hans", "name_zh_hant", "geography", "source", "licence"):
            if not row[column].strip():
                problems.append(f"{code}: empty {column}")
        if row["category"] not in CATEGORIES:
            problems.append(f"{code}: category {row['category']!r}")
        if row["gwp_basis"] not in GWP_BASES:
            problems.append(f"{code}: gwp_basis {row['gwp_basis']!r}")
        if row["unit"] not in UNITS:
            problems.append(f"{code}: unit {row['unit']!r}")
        if row["licence"] not in LICENCES:
            problems.append(f"{code}: licence {row['licence']!r}")
        if row["name_zh_hans"] == row["name_zh_hant"] and any(
            ch in row["name_zh_hans"] for ch in "电网铝钢纸废货运气"
        ):
            problems.append(f"{code}: the zh-Hant name is the simplified one")
    assert problems == []


def test_superseded_rows_point_at_a_current_row_of_the_same_unit(
    rows: dict[str, dict[str, str]],
) -> None:
    superseded = {code: row["superseded_by"] for code, row in rows.items() if row["superseded_by"]}
    assert "hdpe-primary" in superseded  # the 2021 HDPE row behind the 2025 one
    for code, successor in superseded.items():
        assert rows[successor]["superseded_by"] == "", code
        assert rows[successor]["unit"] == rows[code]["unit"], code


def test_one_current_row_per_source_name_and_year(rows: dict[str, dict[str, str]]) -> None:
    seen: dict[tuple[str, str, str, str], str] = {}
    duplicates = []
    for code, row in rows.items():
        if row["superseded_by"]:
            continue
        key = (row["name"].lower(), row["year"], row["geography"], row["unit"])
        if key in seen:
            duplicates.append((seen[key], code))
        seen[key] = code
    assert duplicates == []


def test_uk_rows_carry_the_ogl_attribution(rows: dict[str, dict[str, str]]) -> None:
    uk = [r for r in rows.values() if r["licence"] == "Open Government Licence v3.0"]
    assert len(uk) > 80
    assert [r["code"] for r in uk if OGL_STATEMENT not in r["source"]] == []
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert OGL_STATEMENT in sources


def test_e1_the_starter_freight_rows_are_tank_to_wheel_and_superseded(
    rows: dict[str, dict[str, str]],
) -> None:
    for code in (
        "freight-hgv-average-gb-2026",
        "freight-rail-gb-2026",
        "freight-sea-general-cargo-2026",
    ):
        assert rows[code]["kind"] == "combustion"
        assert "tank-to-wheel" in rows[code]["name"]
        assert rows[rows[code]["superseded_by"]]["kind"] == "well-to-wheel"


def test_e1_every_well_to_wheel_freight_row_includes_its_fuel_upstream(
    rows: dict[str, dict[str, str]], flows: dict[str, dict[str, float]]
) -> None:
    wtw = [
        c for c, r in rows.items() if r["category"] == "freight" and r["kind"] == "well-to-wheel"
    ]
    assert len(wtw) >= 11
    for code in wtw:
        suppliers = [f[1:] for f in flows[code] if f.startswith("@")]
        kinds = sorted(rows[s]["kind"] for s in suppliers)
        assert kinds == ["combustion", "well-to-tank"], code


def test_e2_landfill_methane_of_biogenic_waste_is_biogenic(
    engine: FootprintEngine, shipped_project: ProjectInfo
) -> None:
    table = engine.table(shipped_project.library_version)
    fossil, biogenic = INDICATORS.index("gwp_fossil"), INDICATORS.index("gwp_biogenic")
    for code in (
        "waste-paper-landfill-gb-2025",
        "waste-wood-landfill-gb-2025",
        "waste-food-drink-waste-landfill-gb-2025",
        "waste-clothing-landfill-gb-2025",
        "waste-board-landfill-gb-2025",
        "waste-commercial-industrial-waste-landfill-gb-2025",
    ):
        scores = table.scores[table.index[code]]
        assert scores[biogenic] > 10 * scores[fossil] > 0, code
    # paper: DESNZ 2025 1164.4894 kg CO2e/t (AR5). Collection part 8.98311 kg/t stays fossil;
    # the rest is CH4 at AR5's 28: (1.1644894 - 0.00898311) / 28 kg CH4 x AR6 non-fossil 27.0
    paper = table.scores[table.index["waste-paper-landfill-gb-2025"]]
    assert paper[fossil] == pytest.approx(0.00898311, rel=1e-6)
    assert paper[biogenic] == pytest.approx((1.1644894 - 0.00898311) / 28 * 27.0, rel=1e-6)


def test_e3_every_row_records_its_gwp_basis(rows: dict[str, dict[str, str]]) -> None:
    assert rows["hdpe-primary-gb-2025"]["gwp_basis"] == "AR5"
    assert rows["diesel-combustion-ipcc2006"]["gwp_basis"] == "AR6"
    assert rows["electricity-cn-co2-2023"]["gwp_basis"] == "CO2-only"
    # a published CO2e total that cannot be recharacterised costs a grade step
    assert rows["hdpe-primary-gb-2025"]["grade"] == "C"
    assert "cannot be recharacterised" in rows["hdpe-primary-gb-2025"]["note"]


def test_e4_worldsteel_rows_are_co2_only_crude_steel(rows: dict[str, dict[str, str]]) -> None:
    steel = [r for c, r in rows.items() if c.startswith("steel-crude")]
    assert len(steel) == 5
    for row in steel:
        assert row["kind"] == "co2-only" and row["gwp_basis"] == "CO2-only"
        assert "CO2 only" in row["name"] and "crude steel" in row["name"]


def test_e5_desnz_incineration_and_recycling_are_collection_only(
    rows: dict[str, dict[str, str]],
) -> None:
    desnz = [
        r for c, r in rows.items() if c.endswith(("-incineration-gb-2025", "-recycling-gb-2025"))
    ]
    assert len(desnz) == 12
    for row in desnz:
        assert row["kind"] == "collection-only"
        assert "collection and transport only" in row["name"]


def test_e5_incineration_treatment_books_fossil_combustion_co2(
    flows: dict[str, dict[str, float]],
) -> None:
    co2 = "carbon dioxide, fossil"
    # IPCC 2006 Vol.5 Table 2.4: plastics dm 100%, carbon 75% of dry, fossil 100% -> x 44/12
    assert flows["waste-plastics-incineration-ipcc2006"][co2] == pytest.approx(
        0.75 * 44 / 12, rel=1e-5
    )
    # textiles: dm 80%, carbon 50%, fossil 20% -> 0.8 x 0.5 x 0.2 x 44/12
    assert flows["waste-textiles-incineration-ipcc2006"][co2] == pytest.approx(
        0.08 * 44 / 12, rel=1e-5
    )
    assert flows["waste-wood-incineration-ipcc2006"][co2] == 0


def test_e6_hong_kong_rows_say_what_is_missing(rows: dict[str, dict[str, str]]) -> None:
    hk = [r for r in rows.values() if r["geography"] == "HK"]
    assert {r["year"] for r in hk} >= {"2010", "2019"}
    assert any("Macao" in r["note"] for r in hk)
    assert "Macao" in (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")


def test_commercially_modelled_totals_are_flagged(rows: dict[str, dict[str, str]]) -> None:
    for code in ("aluminium-primary-global-2021", "aluminium-primary-global-2022"):
        assert "commercial LCA database" in rows[code]["note"]


# One published value per source family, as the source prints it (unit conversions only).
SPOT_VALUES = [
    ("electricity-cn-footprint-2024", "CO2e aggregated, fossil", 0.5777),  # MEE/NBS/NEA 2025
    ("electricity-cn-co2-2023", "carbon dioxide, fossil", 0.5306),  # MEE/NBS 2025 No.47
    ("electricity-hk-clp-2019", "carbon dioxide, fossil", 0.49),  # CLP SR 2019
    ("electricity-hk-hke-2019", "CO2e aggregated, fossil", 0.81),  # HKEI SR 2019
    ("electricity-hk-default-emsd-epd-2010", "CO2e aggregated, fossil", 0.7),  # EMSD/EPD
    ("steel-crude-global-2023", "carbon dioxide, fossil", 1.92),  # worldsteel 2024
    ("aluminium-primary-global-2022", "CO2e aggregated, fossil", 15.1),  # IAI
    ("hdpe-primary-gb-2025", "CO2e aggregated, fossil", 3.09515524),  # DESNZ 2025 3095.15524/t
    ("freight-rail-freight-train-ttw-2025", "carbon dioxide, fossil", None),  # DESNZ, see below
    ("diesel-combustion-ipcc2006", "carbon dioxide, fossil", 43.0 * 20.2 * 44 / 12 / 1000),
    ("coal-bituminous-combustion-ipcc2006", "nitrogen oxides", 209 * 25.8 * 1e-6),  # EMEP
    ("li-ion-pack-lfp-cn-2017", "CO2e aggregated, fossil", 109),  # Hao et al. 2017
    ("clinker-process-co2", "carbon dioxide, fossil", 0.52),  # IPCC 2006 Vol.3
    ("emission-hfc-152a-to-air", "HFC-152a", 1.0),
    # IPCC Tier 1 via bonsai-ipcc: fuel NCV x carbon content; aluminium PFCs per t; carbonates
    (
        "jet-kerosene-combustion-co2-ipcc2006",
        "carbon dioxide, fossil",
        44.1 * 19.5 * 44 / 12 / 1000,
    ),
    ("aluminium-smelting-cwpb-process-ipcc", "tetrafluoromethane", 0.4 / 1000),
    ("steel-bof-process-co2-ipcc", "carbon dioxide, fossil", 1.58),
    ("carbonate-calcite-calcined-co2-ipcc", "carbon dioxide, fossil", 0.43971),
]


@pytest.mark.parametrize(("code", "flow", "value"), SPOT_VALUES)
def test_spot_value_per_source_family(
    flows: dict[str, dict[str, float]], code: str, flow: str, value: float | None
) -> None:
    if value is None:
        # DESNZ 2025 freight train direct total 0.02779 kg CO2e/(t*km): CO2 plus CH4+N2O CO2e
        assert sum(flows[code].values()) == pytest.approx(0.02779, rel=1e-4)
    else:
        assert flows[code][flow] == pytest.approx(value, rel=1e-6)


def test_refrigerant_blends_score_as_their_components(
    engine: FootprintEngine, shipped_project: ProjectInfo
) -> None:
    table = engine.table(shipped_project.library_version)
    gwp = INDICATORS.index("gwp_total")
    # AR6 GWP100: HFC-32 771, HFC-125 3740, HFC-143a 5810, HFC-134a 1530 (Table 7.SM.7)
    expected = {
        "emission-r-410a-to-air": 0.5 * 771 + 0.5 * 3740,
        "emission-r-404a-to-air": 0.44 * 3740 + 0.52 * 5810 + 0.04 * 1530,
        "emission-r-407c-to-air": 0.23 * 771 + 0.25 * 3740 + 0.52 * 1530,
        "emission-hcfc-22-to-air": 1960,
    }
    for code, value in expected.items():
        assert float(table.scores[table.index[code]][gwp]) == pytest.approx(value, rel=1e-6), code


def test_pollutants_reported_follow_the_supply_chain() -> None:
    by_code = {d.code: d for d in load_library().datasets}
    assert by_code["coal-bituminous-combustion-ipcc2006"].pollutants == (
        "nox",
        "so2",
        "pm25",
        "nmvoc",
    )
    assert by_code["coal-bituminous-burned-incl-upstream"].pollutants == (
        "nox",
        "so2",
        "pm25",
        "nmvoc",
    )
    assert by_code["hdpe-primary-gb-2025"].pollutants == ()


def test_at_least_250_datasets(rows: dict[str, dict[str, str]]) -> None:
    assert len(rows) >= 250


def test_calcite_factor_is_its_stoichiometry(flows: dict[str, dict[str, float]]) -> None:
    # CaCO3 -> CaO + CO2: 44.0095 / 100.0869 g/mol (IUPAC atomic weights)
    value = flows["carbonate-calcite-calcined-co2-ipcc"]["carbon dioxide, fossil"]
    assert value == pytest.approx(44.0095 / 100.0869, rel=1e-4)
