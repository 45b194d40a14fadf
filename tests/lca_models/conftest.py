"""Fixtures of the LCA engine tests: one engine per run, shared like the Brightway directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from lca_models import FootprintEngine, ProjectInfo


@pytest.fixture(scope="session")
def engine(brightway_dir: Path) -> FootprintEngine:
    """One engine over the run's Brightway directory (it caches loaded score tables)."""
    return FootprintEngine(brightway_dir)


@pytest.fixture(scope="session")
def tiny(tiny_project: ProjectInfo) -> str:
    """The tiny library's version string."""
    return tiny_project.library_version
