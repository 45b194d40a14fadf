"""Fixtures shared by every test package.

bw2data reads its data directory once per process, so the whole test run shares one
Brightway directory, set here before anything imports bw2data.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

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
