"""EcoSpold 2 and EcoSpold 1 imports of a hand-computed system, and bad EcoSpold input."""

from __future__ import annotations

from pathlib import Path

import pytest

from lca_models import FootprintEngine, ProjectInfo
from lca_models.errors import ImportFailed
from lca_models.imports import import_database
from lca_models.project import use_directory
from tests.lca_models.imports import ecospold_fixtures as ef


def _gwp(directory: Path, database: str) -> dict[str, float]:
    table = FootprintEngine(directory).table(database)
    return {d.name: float(table.scores[i][0]) for i, d in enumerate(table.datasets)}


def test_ecospold2_scores_by_hand(
    brightway_dir: Path, tiny_project: ProjectInfo, tmp_path: Path
) -> None:
    report = import_database(brightway_dir, ef.write_ecospold2(tmp_path / "x"), "ecospold2", "es2")
    gwp = _gwp(brightway_dir, "es2")
    # Brightway keeps matrix values as float32 (bw_processing): 0.2 is 0.200000003.
    assert gwp["steel production"] == pytest.approx(ef.STEEL_KG_CO2E, rel=1e-7)
    assert gwp["electricity production"] == pytest.approx(ef.ELECTRICITY_KG_CO2E_PER_KWH, rel=1e-7)
    assert report.source_format == "EcoSpold 2" and report.processes == 2
    assert [(c.flow, c.amount) for c in report.cutoffs] == [("iron ore", 0.5)]
    assert [c["flow"] for c in report.coproducts] == ["slag"]
    # ecoinvent's elementary exchange ids are biosphere3's codes: linked, not copied.
    assert report.elementary_flows == report.elementary_flows_characterised == 2
    assert "es2 biosphere" not in use_directory(brightway_dir).databases


def test_ecospold1_scores_by_hand_with_a_unit_conversion(
    brightway_dir: Path, tiny_project: ProjectInfo, tmp_path: Path
) -> None:
    report = import_database(brightway_dir, ef.write_ecospold1(tmp_path / "x"), "ecospold1", "es1")
    gwp = _gwp(brightway_dir, "es1")
    assert gwp["Steel, at plant"] == pytest.approx(ef.STEEL_KG_CO2E, rel=1e-7)
    assert gwp["Electricity, at grid"] == pytest.approx(ef.ELECTRICITY_KG_CO2E_PER_KWH, rel=1e-7)
    assert report.source_format == "EcoSpold 1"
    assert report.unit_conversions == [{"from": "MJ", "to": "kWh", "exchanges": 1}]
    assert [(c.flow, c.reason) for c in report.cutoffs] == [
        ("Iron ore, at mine", "no process in the database produces it")
    ]
    assert [c["flow"] for c in report.coproducts] == ["Slag, at plant"]
    assert report.technosphere_links == 2 and report.silently_linked == 0


@pytest.mark.parametrize(
    ("source_format", "content", "problem"),
    [
        ("ecospold2", None, "no .spold files"),
        ("ecospold2", "<ecoSpold", "not well-formed XML"),
        ("ecospold1", None, "no .xml files"),
        ("ecospold1", "<ecoSpold/>", "is not an EcoSpold 1 file"),
    ],
)
def test_bad_ecospold_input_names_file_and_problem(
    brightway_dir: Path,
    tiny_project: ProjectInfo,
    tmp_path: Path,
    source_format: str,
    content: str | None,
    problem: str,
) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    suffix = ".spold" if source_format == "ecospold2" else ".xml"
    if content is not None:
        (folder / f"broken{suffix}").write_text(content, encoding="utf-8")
    else:
        (folder / "readme.txt").write_text("not a database", encoding="utf-8")
    with pytest.raises(ImportFailed) as raised:
        import_database(brightway_dir, folder, source_format, f"bad-{source_format}")
    assert str(folder) in raised.value.message and problem in raised.value.message
    assert f"bad-{source_format}" not in use_directory(brightway_dir).databases
