"""The project's methods: AR6 GWP100 factors come through Brightway, and totals add up."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import numpy as np
import pytest

from lca_models import (
    INDICATORS,
    Bom,
    Emission,
    FootprintEngine,
    Line,
    ProjectInfo,
    load_methods,
    reference_footprint,
)
from lca_models.library.catalogue import read_library
from lca_models.project import use_directory
from lca_models.substances import SUBSTANCES
from tests.lca_models.randboms import BomFactory

AR6 = [
    ("methane, fossil", 29.8, "gwp_fossil"),
    ("methane, non-fossil", 27.0, "gwp_biogenic"),
    ("dinitrogen monoxide", 273.0, "gwp_fossil"),
    ("sulfur hexafluoride", 25200.0, "gwp_fossil"),
    ("carbon dioxide, fossil", 1.0, "gwp_fossil"),
]


@pytest.mark.parametrize(("substance", "gwp", "part"), AR6)
def test_ar6_factors_in_a_footprint(
    engine: FootprintEngine,
    brightway_dir: Path,
    tiny_project: ProjectInfo,
    substance: str,
    gwp: float,
    part: str,
) -> None:
    bom = Bom(
        "m", D(1), "piece", (Line("e", "production", emissions=(Emission(substance, D(1), "kg"),)),)
    )
    expected = np.zeros(len(INDICATORS))
    expected[INDICATORS.index("gwp_total")] = gwp
    expected[INDICATORS.index(part)] = gwp
    fp = engine.footprint(bom, tiny_project.library_version, lambda bom_id: bom)
    np.testing.assert_allclose(fp.totals, expected, rtol=1e-7, atol=0)
    ref = reference_footprint(brightway_dir, tiny_project.library_version, bom, lambda b: bom)
    np.testing.assert_allclose(ref, expected, rtol=1e-7, atol=0)


@pytest.mark.parametrize(("substance", "gwp", "part"), AR6)
def test_ar6_factors_in_the_brightway_methods(
    brightway_dir: Path, tiny_project: ProjectInfo, substance: str, gwp: float, part: str
) -> None:
    bd = use_directory(brightway_dir)
    methods = load_methods()
    flow_name = SUBSTANCES[substance].flow_name
    for indicator in ("gwp_total", part):
        cfs = bd.Method(methods.method_name(indicator)).load()
        factors = {}
        for key, cf in cfs:
            node = bd.get_node(id=key) if isinstance(key, int) else bd.get_node(key=tuple(key))
            if node["name"] == flow_name:
                factors[tuple(node["categories"])] = cf
        # every air sub-compartment of the gas is characterised alike
        assert ("air",) in factors
        assert all(cat[0] == "air" for cat in factors)
        assert all(cf == pytest.approx(gwp) for cf in factors.values())
    for other in set(INDICATORS) - {"gwp_total", part}:
        cfs = bd.Method(methods.method_name(other)).load()
        names = {
            (bd.get_node(id=k) if isinstance(k, int) else bd.get_node(key=tuple(k)))["name"]
            for k, _ in cfs
        }
        assert flow_name not in names, f"{substance} characterised in {other}"


def test_the_method_file_factors() -> None:
    factors = load_methods().factors
    assert factors["gwp_total"]["methane, fossil"] == 29.8
    assert factors["gwp_biogenic"]["methane, non-fossil"] == 27.0
    assert factors["gwp_fossil"]["dinitrogen monoxide"] == 273.0
    assert factors["gwp_fossil"]["sulfur hexafluoride"] == 25200.0
    assert factors["biogenic_uptake"] == {"carbon dioxide, biogenic uptake": -1.0}
    assert "carbon dioxide, biogenic uptake" not in factors["gwp_total"]


def test_total_is_fossil_plus_biogenic_plus_land_use_change(
    engine: FootprintEngine, tiny_project: ProjectInfo
) -> None:
    library = read_library(Path(__file__).parent / "data" / "tiny", "tiny")
    factory = BomFactory(4242, [(d.code, d.unit) for d in library.datasets])
    total, fossil, biogenic, luc = (
        INDICATORS.index(name)
        for name in ("gwp_total", "gwp_fossil", "gwp_biogenic", "gwp_land_use_change")
    )
    for _ in range(300):
        s = factory.bom_set()
        fp = engine.footprint(s.top, tiny_project.library_version, s.resolve)
        for v in [fp.totals, *(line.indicators for line in fp.lines)]:
            assert v[total] == pytest.approx(v[fossil] + v[biogenic] + v[luc], rel=1e-12, abs=1e-15)
