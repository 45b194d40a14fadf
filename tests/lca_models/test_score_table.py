"""Score tables: built once per library version, loaded (not rebuilt) by later engines."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from lca_models import ENGINE_VERSION, FootprintEngine, ProjectInfo, bootstrap
from lca_models import engine as engine_module
from lca_models import project as project_module
from lca_models.errors import ProjectNotBootstrapped
from lca_models.library.catalogue import read_library
from lca_models.score_table import build_score_table, table_path

TINY_DIR = Path(__file__).parent / "data" / "tiny"


def snapshot(directory: Path) -> dict[str, tuple[int, int, int]]:
    """Inode, mtime and size of a directory and everything in it."""
    out = {}
    for path in [directory, *sorted(directory.rglob("*"))]:
        st = path.stat()
        out[str(path.relative_to(directory))] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return out


def test_use_directory_took(brightway_dir: Path) -> None:
    import bw2data

    assert Path(bw2data.projects._base_data_dir).resolve() == brightway_dir.resolve()
    assert Path(bw2data.projects.dir).resolve().is_relative_to(brightway_dir.resolve())
    assert bw2data.projects.current == project_module.PROJECT_NAME
    assert os.environ["BRIGHTWAY2_DIR"] == str(brightway_dir.resolve())


def test_use_directory_refuses_a_second_directory(brightway_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(ProjectNotBootstrapped, match="call use_directory before"):
        project_module.use_directory(tmp_path)


def test_a_second_engine_loads_the_existing_table(
    brightway_dir: Path, tiny_project: ProjectInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = tiny_project.library_version
    first = FootprintEngine(brightway_dir)
    table = first.table(version)
    path = table_path(brightway_dir, version, tiny_project.method_version)
    assert (path / "meta.json").exists()
    assert ENGINE_VERSION in path.name and version in path.name
    before = snapshot(path)

    def no_rebuild(directory: Path, library_version: str) -> Path:
        raise AssertionError("the score table was rebuilt")

    monkeypatch.setattr(engine_module, "build_score_table", no_rebuild)
    second = FootprintEngine(brightway_dir)
    loaded = second.table(version)
    assert loaded is second.table(version)  # cached per engine
    assert snapshot(path) == before
    assert loaded.matrices_sha256 == table.matrices_sha256
    assert np.array_equal(np.asarray(loaded.scores), np.asarray(table.scores))
    # A plain ndarray view whose buffer is the memory map (no copy in each worker).
    assert isinstance(loaded.scores.base, np.memmap) and not loaded.scores.flags.owndata
    # building again is a no-op too
    monkeypatch.undo()
    assert build_score_table(brightway_dir, version) == path
    assert snapshot(path) == before


def test_a_new_library_version_gets_a_new_table(
    engine: FootprintEngine, brightway_dir: Path, tiny_project: ProjectInfo, tmp_path: Path
) -> None:
    # The same tiny library with steel's direct CO2 changed from 1.8 to 2.0 kg per kg.
    shutil.copy(TINY_DIR / "datasets.csv", tmp_path / "datasets.csv")
    text = (TINY_DIR / "exchanges.csv").read_text(encoding="utf-8")
    changed = text.replace(
        'steel,"carbon dioxide, fossil",1.8,', 'steel,"carbon dioxide, fossil",2.0,'
    )
    assert changed != text
    (tmp_path / "exchanges.csv").write_text(changed, encoding="utf-8")
    library = read_library(tmp_path, "tiny")
    assert library.version != tiny_project.library_version  # named by content
    info = bootstrap(brightway_dir, library)
    old_table = engine.table(tiny_project.library_version)
    before = snapshot(table_path(brightway_dir, old_table.library_version, info.method_version))

    new_table = engine.table(library.version)
    new_path = table_path(brightway_dir, library.version, info.method_version)
    assert (new_path / "meta.json").exists()
    assert new_table.matrices_sha256 != old_table.matrices_sha256
    steel_old = old_table.scores[old_table.index["steel"]][1]
    steel_new = new_table.scores[new_table.index["steel"]][1]
    assert steel_new - steel_old == pytest.approx(0.2, rel=1e-6)
    # the old version's table is untouched
    assert (
        snapshot(table_path(brightway_dir, old_table.library_version, info.method_version))
        == before
    )
    # bootstrap is idempotent for a version already in the project
    assert bootstrap(brightway_dir, library) == info


def test_an_unknown_library_version(engine: FootprintEngine) -> None:
    with pytest.raises(ProjectNotBootstrapped):
        engine.table("no-such-library+000000000000")
