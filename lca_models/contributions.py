"""Upstream contributions: which processes and elementary flows an activity's score comes from.

The same analysis as Brightway's contribution analysis (bw2calc's characterized_inventory
summed by process column and by flow row), on matrices kept per library version with the
technosphere factorised once, so that each request is one sparse solve.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.sparse import csc_matrix, csr_matrix
from scipy.sparse.linalg import splu

from lca_models.methods import INDICATORS, load_methods
from lca_models.project import use_directory
from lca_models.score_table import _load_matrices

_GWP = INDICATORS.index("gwp_total")


@dataclass(frozen=True)
class Share:
    """One upstream process or elementary flow: its amount, kg CO2e and share of the score."""

    name: str
    detail: str  # a process's location and code, a flow's compartment
    amount: float
    unit: str
    kg_co2e: float
    share: float


@dataclass(frozen=True)
class Contributions:
    """The top processes and flows of one activity's score, and what the rest adds up to."""

    total_kg_co2e: float
    processes: tuple[Share, ...]
    flows: tuple[Share, ...]
    rest_of_processes_kg_co2e: float
    rest_of_flows_kg_co2e: float


class _Model:
    """A version's matrices, the technosphere's factors and the names of rows and columns."""

    def __init__(self, directory: Path, version: str) -> None:
        bd = use_directory(directory)
        lca, characterisation = _load_matrices(bd, version, load_methods())
        self.lu = splu(csc_matrix(lca.technosphere_matrix))
        self.biosphere: csr_matrix = csr_matrix(lca.biosphere_matrix)
        self.factors: npt.NDArray[np.float64] = np.asarray(characterisation[:, _GWP])
        self.direct = np.asarray(self.biosphere.T @ self.factors).ravel()
        self.size = lca.technosphere_matrix.shape[0]
        self.product_row: dict[str, int] = {}
        self.activity: list[tuple[str, str, str, str]] = [
            ("", "", "", "")
        ] * lca.technosphere_matrix.shape[1]
        for node in bd.Database(version):
            self.product_row[node["code"]] = lca.dicts.product[node.id]
            self.activity[lca.dicts.activity[node.id]] = (
                node.get("name") or node["code"],
                node.get("location") or "",
                node["code"],
                node.get("unit") or "",
            )
        self.flow_ids = {index: flow_id for flow_id, index in lca.dicts.biosphere.items()}
        self._bd = bd

    def flow(self, row: int) -> tuple[str, str, str]:
        node = self._bd.get_node(id=self.flow_ids[row])
        return node["name"], "/".join(node.get("categories") or ()), node.get("unit") or ""


def _top(values: npt.NDArray[np.float64], top: int) -> list[int]:
    order = np.argsort(-np.abs(values), kind="stable")
    return [int(i) for i in order[:top] if values[i] != 0]


class ContributionAnalyser:
    """Upstream contributions on the versions of one Brightway project (thread-safe)."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._models: dict[str, _Model] = {}
        self._lock = threading.Lock()

    def _model(self, version: str) -> _Model:
        with self._lock:
            if version not in self._models:
                self._models[version] = _Model(self._directory, version)
            return self._models[version]

    def contributions(self, version: str, code: str, amount: float, top: int = 10) -> Contributions:
        """Return the top processes and flows of `amount` (reference unit) of activity code."""
        model = self._model(version)
        demand = np.zeros(model.size)
        demand[model.product_row[code]] = amount
        supply = model.lu.solve(demand)
        by_process = supply * model.direct
        inventory = np.asarray(model.biosphere @ supply).ravel()
        by_flow = inventory * model.factors
        total = float(by_process.sum())
        share = (lambda v: v / total) if total else (lambda v: 0.0)
        processes = []
        for j in _top(by_process, top):
            name, location, process_code, unit = model.activity[j]
            value = float(by_process[j])
            processes.append(
                Share(
                    name,
                    f"{location} {process_code}".strip(),
                    float(supply[j]),
                    unit,
                    value,
                    share(value),
                )
            )
        flows = []
        for i in _top(by_flow, top):
            name, compartment, unit = model.flow(i)
            value = float(by_flow[i])
            flows.append(Share(name, compartment, float(inventory[i]), unit, value, share(value)))
        return Contributions(
            total_kg_co2e=total,
            processes=tuple(processes),
            flows=tuple(flows),
            rest_of_processes_kg_co2e=total - sum(p.kg_co2e for p in processes),
            rest_of_flows_kg_co2e=float(by_flow.sum()) - sum(f.kg_co2e for f in flows),
        )
