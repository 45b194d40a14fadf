"""Fixtures shared by every test package.

bw2data reads its data directory once per process, so the whole test run shares one
Brightway directory, set here before anything imports bw2data.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lca_models import ProjectInfo, bootstrap
from lca_models.library.catalogue import read_library
from lca_models.project import use_directory

_BRIGHTWAY_DIR = Path(tempfile.mkdtemp(prefix="gba-bw-tests-"))
use_directory(_BRIGHTWAY_DIR)

TINY_LIBRARY_DIR = Path(__file__).parent / "lca_models" / "data" / "tiny"


@pytest.fixture(scope="session")
def brightway_dir() -> Path:
    """The Brightway directory of this test run."""
    return _BRIGHTWAY_DIR


@pytest.fixture(scope="session")
def tiny_project(brightway_dir: Path) -> ProjectInfo:
    """A hand-checkable four-dataset library built into the project."""
    return bootstrap(brightway_dir, read_library(TINY_LIBRARY_DIR, "tiny"))


@pytest.fixture(scope="session")
def shipped_project(brightway_dir: Path) -> Iterator[ProjectInfo]:
    """The shipped open reference library built into the project."""
    yield bootstrap(brightway_dir)


USLCI_ZIP = (
    Path(__file__).resolve().parents[1] / "lca_models/library/uslci/uslci_olca1_5_0_json_ld.zip"
)
USLCI_TEST_DB = "uslci-tests"


@pytest.fixture(scope="session")
def uslci_report(shipped_project: ProjectInfo, brightway_dir: Path) -> Any:
    """The project's own USLCI copy imported once per run (database USLCI_TEST_DB)."""
    from lca_models.imports import import_database

    return import_database(brightway_dir, USLCI_ZIP, "openlca-jsonld", USLCI_TEST_DB)
