"""The engine against the slow path and against exact arithmetic, on seeded random BOMs.

The engine and the slow path (a plain bw2calc.LCA) read the same float32-stored matrices, so
on well-scaled BOMs they agree to far better than 1e-9 relative, and zeros are zeros on both
sides. On the tiny library an exact rational oracle (tests/lca_models/exact.py) also checks
each engine result to 1e-12, including wildly scaled BOMs (amounts 1e-6 to 1e4 per level).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from lca_models import INDICATORS, FootprintEngine, ProjectInfo, load_library, reference_footprint
from lca_models import reference_path as slow_path
from lca_models.library.catalogue import read_library
from tests.lca_models.exact import ExactOracle
from tests.lca_models.randboms import BomFactory, BomSet

REL = 1e-9
ABS = 1e-15
TINY_DIR = Path(__file__).parent / "data" / "tiny"


@pytest.fixture(autouse=True)
def _flow_keys_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # reference_footprint scans all of biosphere3 (4,709 flows) on every call to map the
    # vocabulary to flow keys: 70% of its time. The mapping cannot change within a run.
    monkeypatch.setattr(slow_path, "_flow_keys", cache(slow_path._flow_keys))


def disagreements(actual: np.ndarray, expected: np.ndarray, rel: float = REL) -> list[str]:
    out = []
    for name, a, e in zip(INDICATORS, actual, expected, strict=True):
        if not abs(a - e) <= rel * abs(e) + ABS:
            out.append(f"{name}: {a!r} vs {e!r}")
    return out


def tiny_factory(seed: int, wild: bool = False) -> BomFactory:
    library = read_library(TINY_DIR, "tiny")
    return BomFactory(seed, [(d.code, d.unit) for d in library.datasets], wild=wild)


def check_against_slow_path(
    engine: FootprintEngine,
    directory: Path,
    version: str,
    factory: BomFactory,
    n: int,
    oracle: ExactOracle | None = None,
) -> None:
    failures = []
    for _ in range(n):
        bom_set: BomSet = factory.bom_set(max_depth=3)
        fp = engine.footprint(bom_set.top, version, bom_set.resolve)
        assert len(fp.lines) == len(bom_set.top.lines)
        if fp.lines:  # per-line contributions add up to the totals
            lines_sum = np.sum([line.indicators for line in fp.lines], axis=0)
            np.testing.assert_allclose(lines_sum, fp.totals, rtol=1e-12, atol=ABS)
        reference = reference_footprint(directory, version, bom_set.top, bom_set.resolve)
        bad = disagreements(fp.totals, reference)
        if oracle is not None:
            exact = exact_floats(oracle, bom_set)
            bad += [f"exact {b}" for b in disagreements(fp.totals, exact, rel=1e-12)]
        if bad:
            failures.append(f"{bom_set.top.bom_id} ({len(bom_set.boms)} BOMs): {bad}")
    assert not failures, "\n".join(failures)


def exact_floats(oracle: ExactOracle, bom_set: BomSet) -> np.ndarray:
    return np.array([float(x) for x in oracle.footprint(bom_set.top, bom_set.resolve)])


def test_random_boms_on_the_tiny_library(
    engine: FootprintEngine, brightway_dir: Path, tiny_project: ProjectInfo
) -> None:
    factory = tiny_factory(20261101)
    oracle = ExactOracle(read_library(TINY_DIR, "tiny"))
    check_against_slow_path(
        engine, brightway_dir, tiny_project.library_version, factory, 200, oracle
    )
    assert factory.count > 400  # sub-assemblies were drawn, not just top-level BOMs


def test_wildly_scaled_boms_against_exact_arithmetic(
    engine: FootprintEngine, tiny_project: ProjectInfo
) -> None:
    # Amounts from 1e-6 to 1e4 at every level: sub-assembly scale factors reach 1e30.
    factory = tiny_factory(1202, wild=True)
    oracle = ExactOracle(read_library(TINY_DIR, "tiny"))
    failures = []
    for _ in range(300):
        bom_set = factory.bom_set(max_depth=3)
        fp = engine.footprint(bom_set.top, tiny_project.library_version, bom_set.resolve)
        bad = disagreements(fp.totals, exact_floats(oracle, bom_set), rel=1e-12)
        if bad:
            failures.append(f"{bom_set.top.bom_id}: {bad}")
    assert not failures, "\n".join(failures)


def test_the_slow_path_on_wildly_scaled_boms(
    engine: FootprintEngine, brightway_dir: Path, tiny_project: ProjectInfo
) -> None:
    # With bw2calc's default solver (SuperLU partial pivoting) these disagreed with exact
    # arithmetic by up to 7% (foreground condition numbers ~3e19); reference_path now pivots
    # on the diagonal, and both paths agree with the oracle and with each other.
    factory = tiny_factory(1202, wild=True)
    oracle = ExactOracle(read_library(TINY_DIR, "tiny"))
    check_against_slow_path(
        engine, brightway_dir, tiny_project.library_version, factory, 40, oracle
    )


@pytest.mark.parametrize("seed", [7, 8])
def test_random_boms_on_the_shipped_library(
    engine: FootprintEngine, brightway_dir: Path, shipped_project: ProjectInfo, seed: int
) -> None:
    library = load_library()
    assert library.version == shipped_project.library_version
    factory = BomFactory(seed, [(d.code, d.unit) for d in library.datasets], max_lines=12)
    check_against_slow_path(engine, brightway_dir, shipped_project.library_version, factory, 25)


def test_the_generator_is_seeded() -> None:
    first = tiny_factory(3).bom_set()
    second = tiny_factory(3).bom_set()
    assert first == second
    assert first != tiny_factory(4).bom_set()
