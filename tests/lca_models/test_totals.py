"""The totals-only path (FootprintEngine.totals) against the per-line path (footprint).

Re-scoring needs only totals; totals() scores each BOM's activity lines at once. It must
give the per-line path's totals to 1e-12 relative and raise the same errors at the same
pointers.
"""

from __future__ import annotations

from decimal import Decimal as D

import numpy as np
import pytest

from lca_models import (
    Bom,
    Emission,
    FootprintEngine,
    LcaError,
    Line,
    ProjectInfo,
    load_library,
)
from tests.lca_models.randboms import BomFactory
from tests.lca_models.test_cross_check import tiny_factory
from tests.lca_models.test_errors import bom, chain, nothing, part, steel

REL = 1e-12


def _compare(engine: FootprintEngine, version: str, factory: BomFactory, n: int) -> None:
    failures = []
    for _ in range(n):
        bom_set = factory.bom_set(max_depth=3)
        expected = engine.footprint(bom_set.top, version, bom_set.resolve).totals
        actual = engine.totals(bom_set.top, version, bom_set.resolve)
        assert actual.shape == expected.shape
        assert actual.dtype == np.float64
        scale = np.abs(expected) + 1e-300
        if not np.all(np.abs(actual - expected) <= REL * scale):
            failures.append(f"{bom_set.top.bom_id}: {actual.tolist()} vs {expected.tolist()}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("wild", [False, True])
def test_random_boms_on_the_tiny_library(engine: FootprintEngine, tiny: str, wild: bool) -> None:
    factory = tiny_factory(4242 + wild, wild=wild)
    _compare(engine, tiny, factory, 300)
    assert factory.count > 600  # sub-assemblies were drawn, not just top-level BOMs


def test_random_boms_on_the_shipped_library(
    engine: FootprintEngine, shipped_project: ProjectInfo
) -> None:
    library = load_library()
    factory = BomFactory(31, [(d.code, d.unit) for d in library.datasets], max_lines=40)
    _compare(engine, shipped_project.library_version, factory, 100)


def test_an_empty_bom_is_zero(engine: FootprintEngine, tiny: str) -> None:
    totals = engine.totals(bom("empty"), tiny, nothing)
    assert totals.tolist() == engine.footprint(bom("empty"), tiny, nothing).totals.tolist()


def _error_cases() -> list[tuple[Bom, dict[str, Bom]]]:
    cycle = {"A": bom("A", steel(), part("B")), "B": bom("B", part("A"))}
    deep = chain(9)
    sub = Bom("sub", D(1), "kg", (steel(),))
    emissions = (Emission("methane, fossil", D(1), "g"), Emission("phlogiston", D(1), "g"))
    return [
        (bom("b", steel(), steel(), Line("x", "use", D(1), "kg", activity="nope")), {}),
        (bom("b", steel(), Line("e", "production", emissions=emissions)), {}),
        (bom("b", Line("x", "production", D(1), "kWh", activity="steel")), {}),
        (
            bom("top", steel(), Line("c", "production", D(2), "kWh", component_bom="sub")),
            {"sub": sub},
        ),
        (cycle["A"], cycle),
        (deep["level0"], deep),
        # The first bad line wins, whatever kind it is.
        (bom("b", Line("x", "use", D(1), "kWh", activity="steel"), part("missing")), {}),
    ]


@pytest.mark.parametrize("case", range(len(_error_cases())))
def test_the_same_errors_at_the_same_pointers(
    engine: FootprintEngine, tiny: str, case: int
) -> None:
    top, boms = _error_cases()[case]
    with pytest.raises(LcaError) as per_line:
        engine.footprint(top, tiny, boms.__getitem__)
    with pytest.raises(LcaError) as totals_only:
        engine.totals(top, tiny, boms.__getitem__)
    assert type(totals_only.value) is type(per_line.value)
    assert totals_only.value.message == per_line.value.message
    assert totals_only.value.pointer == per_line.value.pointer
