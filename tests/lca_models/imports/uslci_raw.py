"""An independent reading of USLCI's raw JSON-LD into matrices (numpy/scipy), for the tests.

Written from the olca-schema 1 documentation, sharing no code with lca_models.imports
except the documented choice of substance per elementary flow and the producer rule.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csc_matrix
from scipy.sparse.linalg import spsolve


@dataclass
class Raw:
    """Processes, flows and unit factors of an export, as plain dictionaries."""

    processes: dict[str, dict[str, Any]]
    flows: dict[str, dict[str, Any]]
    unit_factor: dict[str, float]


def read(zip_path: Path) -> Raw:
    """Read every process, flow and unit of the export."""
    processes, flows, unit_factor = {}, {}, {}
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            folder = name.split("/")[0]
            if folder not in ("processes", "flows", "unit_groups") or not name.endswith(".json"):
                continue
            doc = json.loads(archive.read(name))
            if folder == "processes":
                processes[doc["@id"]] = doc
            elif folder == "flows":
                flows[doc["@id"]] = doc
            else:
                for unit in doc["units"]:
                    unit_factor[unit["@id"]] = unit["conversionFactor"]
    return Raw(processes, flows, unit_factor)


def amount(raw: Raw, exchange: dict[str, Any]) -> float:
    """An exchange's amount in the reference unit of its flow's reference property."""
    flow = raw.flows[exchange["flow"]["@id"]]
    factor = next(
        f["conversionFactor"]
        for f in flow["flowProperties"]
        if f["flowProperty"]["@id"] == exchange["flowProperty"]["@id"]
    )
    return exchange["amount"] * raw.unit_factor[exchange["unit"]["@id"]] / factor


def reference_producers(raw: Raw) -> dict[str, str]:
    """Flow id -> the process linked for it (first by name, then id, among its producers)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for pid, process in raw.processes.items():
        for ex in process["exchanges"]:
            if ex.get("quantitativeReference"):
                found.setdefault(ex["flow"]["@id"], []).append((process["name"], pid))
    return {flow: sorted(candidates)[0][1] for flow, candidates in found.items()}


def scores(raw: Raw, factor_of_flow: dict[str, float]) -> dict[str, float]:
    """Solve A^T x = B^T c for every process: kg CO2e per unit of its reference product."""
    ids = sorted(raw.processes)
    col = {pid: j for j, pid in enumerate(ids)}
    producers = reference_producers(raw)
    rows, cols, values = [], [], []
    direct = np.zeros(len(ids))
    for pid in ids:
        j = col[pid]
        for ex in raw.processes[pid]["exchanges"]:
            flow_type = ex["flow"]["flowType"]
            value = amount(raw, ex)
            if ex.get("quantitativeReference"):
                rows.append(j)
                cols.append(j)
                values.append(value)
            elif flow_type == "ELEMENTARY_FLOW":
                direct[j] += value * factor_of_flow.get(ex["flow"]["@id"], 0.0)
            elif flow_type == "PRODUCT_FLOW" and ex["input"] and ex["flow"]["@id"] in producers:
                rows.append(col[producers[ex["flow"]["@id"]]])
                cols.append(j)
                values.append(-value)
    technosphere = csc_matrix((values, (rows, cols)), shape=(len(ids), len(ids)))
    solved = spsolve(csc_matrix(technosphere.T), direct)
    return dict(zip(ids, solved, strict=True))
