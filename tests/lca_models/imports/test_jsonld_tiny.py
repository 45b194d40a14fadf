"""Importing a hand-computable openLCA JSON-LD export: scores, report, and bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from lca_models import FootprintEngine, ProjectInfo, load_methods
from lca_models.errors import ImportFailed
from lca_models.imports import import_database
from lca_models.project import use_directory
from lca_models.score_table import table_path
from tests.lca_models.imports import jsonld_fixture as fx


def _nothing_registered(directory: Path, name: str) -> None:
    bd = use_directory(directory)
    assert name not in bd.databases and f"{name} biosphere" not in bd.databases
    assert not table_path(directory, name, load_methods().version).exists()


def test_tiny_export_scores_by_hand(
    brightway_dir: Path, tiny_project: ProjectInfo, tmp_path: Path
) -> None:
    report = import_database(brightway_dir, fx.write(tmp_path / "x"), "openlca-jsonld", "jl-tiny")
    table = FootprintEngine(brightway_dir).table("jl-tiny")
    gwp = {code: float(table.scores[i][0]) for i, code in enumerate(table.codes)}
    # Brightway keeps matrix values as float32 (bw_processing): 0.2 is 0.200000003.
    assert gwp[fx.STEEL] == pytest.approx(fx.STEEL_KG_CO2E, rel=1e-7)
    assert gwp[fx.ELECTRICITY] == pytest.approx(fx.ELECTRICITY_KG_CO2E_PER_MJ, rel=1e-7)
    assert table.units[table.index[fx.ELECTRICITY]] == "MJ"  # kWh exchanges went to MJ

    assert (report.processes, report.products, report.technosphere_links) == (2, 2, 2)
    assert report.silently_linked == 0
    assert [(c.flow, c.kind, c.amount) for c in report.cutoffs] == [
        ("Iron ore, at mine", "product input", 0.5)
    ]
    assert [(c["flow"], c["amount"]) for c in report.coproducts] == [("Slag, at plant", 0.3)]
    assert {"from": "kWh", "to": "MJ", "exchanges": 2} in report.unit_conversions
    assert (report.elementary_flows, report.elementary_flows_characterised) == (4, 3)
    assert report.technosphere == {"rows": 2, "columns": 2, "nonzeros": 4, "solvable": True}


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for file in folder.rglob("*"):
            archive.write(file, file.relative_to(folder))
    return target


def test_a_zip_imports_like_its_folder(
    brightway_dir: Path, tiny_project: ProjectInfo, tmp_path: Path
) -> None:
    archive = _zip(fx.write(tmp_path / "x"), tmp_path / "export.zip")
    report = import_database(brightway_dir, archive, "openlca-jsonld", "jl-zip")
    assert report.processes == 2 and report.source == str(archive)
    assert len(report.source_sha256) == 64


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        ("no-processes", "holds no processes"),
        ("truncated", "not a readable zip archive"),
        ("not-jsonld", "not an openLCA JSON-LD export"),
        ("singular", "singular"),
        ("missing", "no such file or folder"),
    ],
)
def test_bad_input_names_file_and_problem_and_registers_nothing(
    brightway_dir: Path, tiny_project: ProjectInfo, tmp_path: Path, case: str, problem: str
) -> None:
    if case == "no-processes":
        path = fx.write(tmp_path / "x", with_processes=False)
    elif case == "truncated":
        whole = _zip(fx.write(tmp_path / "x"), tmp_path / "whole.zip").read_bytes()
        path = tmp_path / "truncated.zip"
        path.write_bytes(whole[: len(whole) // 2])
    elif case == "not-jsonld":
        (tmp_path / "y").mkdir()
        (tmp_path / "y" / "activity.spold").write_text("<ecoSpold/>", encoding="utf-8")
        path = _zip(tmp_path / "y", tmp_path / "ecospold.zip")
    elif case == "singular":
        path = fx.write(tmp_path / "x", singular=True)
    else:
        path = tmp_path / "nowhere.zip"
    name = f"jl-bad-{case}"
    with pytest.raises(ImportFailed) as raised:
        import_database(brightway_dir, path, "openlca-jsonld", name)
    assert str(path) in raised.value.message and problem in raised.value.message
    _nothing_registered(brightway_dir, name)


def test_an_existing_database_is_never_overwritten(
    brightway_dir: Path, tiny_project: ProjectInfo, tmp_path: Path
) -> None:
    import_database(brightway_dir, fx.write(tmp_path / "x"), "openlca-jsonld", "jl-twice")
    with pytest.raises(ImportFailed, match="already has a database 'jl-twice'"):
        import_database(brightway_dir, fx.write(tmp_path / "x"), "openlca-jsonld", "jl-twice")
    assert FootprintEngine(brightway_dir).table("jl-twice").codes == (fx.ELECTRICITY, fx.STEEL)
