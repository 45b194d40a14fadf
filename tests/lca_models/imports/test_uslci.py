"""USLCI imported: report counts, the engine against bw2calc, an independent solve."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lca_models import INDICATORS, FootprintEngine, load_methods
from lca_models.imports.elementary import substance_of
from lca_models.imports.inventory import ElementaryFlow
from lca_models.project import use_directory
from tests.conftest import USLCI_TEST_DB, USLCI_ZIP
from tests.lca_models.imports import uslci_raw

pytestmark = pytest.mark.slow
_GWP = INDICATORS.index("gwp_total")


@pytest.fixture(scope="module")
def raw() -> uslci_raw.Raw:
    return uslci_raw.read(USLCI_ZIP)


def test_report_counts(uslci_report: Any, raw: uslci_raw.Raw) -> None:
    report = uslci_report
    assert report.processes == len(raw.processes) == 766
    assert report.technosphere == {
        "rows": 766,
        "columns": 766,
        "nonzeros": report.technosphere["nonzeros"],
        "solvable": True,
    }
    producers = uslci_raw.reference_producers(raw)
    cut_inputs = [c for c in report.cutoffs if c.kind == "product input"]
    assert len(cut_inputs) > 0 and report.silently_linked == 0
    # Nothing cut off has a producer; everything with a producer was linked, not cut off.
    assert not {c.flow_id for c in cut_inputs} & set(producers)
    linked_inputs = sum(
        1
        for p in raw.processes.values()
        for ex in p["exchanges"]
        if ex["input"]
        and ex["flow"]["flowType"] == "PRODUCT_FLOW"
        and ex["flow"]["@id"] in producers
    )
    assert report.technosphere_links == linked_inputs
    assert len(report.producers_chosen) == 2 and len(report.coproducts) > 100
    kwh = {(u["from"], u["to"]): u["exchanges"] for u in report.unit_conversions}
    assert kwh[("kWh", "MJ")] > 1000  # electricity is stored in MJ
    assert report.elementary_flows > 2000 and report.elementary_flows_characterised > 50


def test_engine_equals_plain_bw2calc_on_100_processes(
    uslci_report: Any, brightway_dir: Path
) -> None:
    import bw2calc

    bd = use_directory(brightway_dir)
    table = FootprintEngine(brightway_dir).table(USLCI_TEST_DB)
    codes = random.Random(10).sample(list(table.codes), 100)
    method = load_methods().method_name("gwp_total")
    first = bd.get_node(database=USLCI_TEST_DB, code=codes[0])
    lca = bw2calc.LCA({first.id: 1}, method=method)
    lca.lci()
    lca.lcia()
    compared = 0
    for code in codes:
        node = bd.get_node(database=USLCI_TEST_DB, code=code)
        lca.lcia(demand={node.id: 1})
        engine = float(table.scores[table.index[code]][_GWP])
        assert engine == pytest.approx(lca.score, rel=1e-9, abs=1e-15), code
        compared += abs(lca.score) > 0
    assert compared > 50


def test_an_independent_solve_of_the_raw_json_agrees(
    uslci_report: Any, brightway_dir: Path, raw: uslci_raw.Raw
) -> None:
    gwp = load_methods().factors["gwp_total"]
    factors = {}
    for fid, flow in raw.flows.items():
        if flow["flowType"] != "ELEMENTARY_FLOW":
            continue
        compartment = _category_path(flow, raw)
        unit = "kg" if flow["flowProperties"][0]["flowProperty"]["name"] == "Mass" else "?"
        substance = substance_of(ElementaryFlow(fid, flow["name"], compartment, unit))
        if substance is not None:
            factors[fid] = gwp.get(substance, 0.0)
    independent = uslci_raw.scores(raw, factors)
    table = FootprintEngine(brightway_dir).table(USLCI_TEST_DB)
    engine = np.array([table.scores[table.index[pid]][_GWP] for pid in independent])
    expected = np.array(list(independent.values()))
    assert np.count_nonzero(expected) > 600
    assert np.allclose(engine, expected, rtol=1e-6, atol=1e-12)


_CATEGORIES: dict[str, Any] = {}


def _category_path(flow: dict[str, Any], raw: uslci_raw.Raw) -> tuple[str, ...]:
    if not _CATEGORIES:
        import json
        import zipfile

        with zipfile.ZipFile(USLCI_ZIP) as archive:
            for name in archive.namelist():
                if name.startswith("categories/") and name.endswith(".json"):
                    doc = json.loads(archive.read(name))
                    _CATEGORIES[doc["@id"]] = doc
    path = []
    ref = flow.get("category")
    while ref:
        doc = _CATEGORIES[ref["@id"]]
        path.append(doc["name"])
        ref = doc.get("category")
    return tuple(reversed(path))


def test_contributions_equal_bw2calc_contribution_analysis(
    uslci_report: Any, brightway_dir: Path
) -> None:
    import bw2calc

    bd = use_directory(brightway_dir)
    engine = FootprintEngine(brightway_dir)
    table = engine.table(USLCI_TEST_DB)
    method = load_methods().method_name("gwp_total")
    for code in random.Random(3).sample(list(table.codes), 5):
        found = engine.analyser.contributions(USLCI_TEST_DB, code, 2.5, top=5)
        node = bd.get_node(database=USLCI_TEST_DB, code=code)
        lca = bw2calc.LCA({node.id: 2.5}, method=method)
        lca.lci()
        lca.lcia()
        by_process = np.asarray(lca.characterized_inventory.sum(axis=0)).ravel()
        by_flow = np.asarray(lca.characterized_inventory.sum(axis=1)).ravel()
        assert found.total_kg_co2e == pytest.approx(lca.score, rel=1e-9, abs=1e-15)
        expected = sorted(by_process, key=abs, reverse=True)[: len(found.processes)]
        assert [p.kg_co2e for p in found.processes] == pytest.approx(expected, rel=1e-9)
        expected_flows = sorted(by_flow, key=abs, reverse=True)[: len(found.flows)]
        assert [f.kg_co2e for f in found.flows] == pytest.approx(expected_flows, rel=1e-9)
        if lca.score:
            shares = sum(p.share for p in found.processes)
            rest = found.rest_of_processes_kg_co2e / lca.score
            assert shares + rest == pytest.approx(1.0)
