"""Reading an openLCA JSON-LD export (olca-schema 1, as openLCA 1.5 to 1.10 write it).

bw2io's JSONLDExtractor reads the files; its JSONLDImporter then fails on these older
exports (it expects category paths as strings, a `refUnit` on every exchange's flow and
allocation it can apply), so the normalisation bw2io's strategies would do happens here:
category references become paths, every amount goes to its flow's reference unit through
the unit group and flow-property factors, and unit names become the engine's symbols.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

from lca_models.errors import ImportFailed
from lca_models.imports.inventory import (
    ELEMENTARY,
    PRODUCT,
    WASTE,
    ElementaryFlow,
    RawExchange,
    RawInventory,
    RawProcess,
)
from lca_models.imports.unit_names import engine_unit

_KINDS = {"PRODUCT_FLOW": PRODUCT, "WASTE_FLOW": WASTE, "ELEMENTARY_FLOW": ELEMENTARY}
# Allocation openLCA applies by default when a process has factors (olca-schema 1).
_PREFERRED_ALLOCATION = ("PHYSICAL_ALLOCATION", "ECONOMIC_ALLOCATION")


def _extract(folder: Path, name: str) -> dict[str, dict[str, Any]]:
    from bw2io.extractors.json_ld import JSONLDExtractor

    try:
        with warnings.catch_warnings():
            # bw2io 0.9's extractor reads each file with json.load(open(...)) and leaves the
            # closing to the garbage collector, which warns once per file.
            warnings.simplefilter("ignore", ResourceWarning)
            data: dict[str, dict[str, Any]] = JSONLDExtractor.extract(folder, add_filename=False)
    except json.JSONDecodeError as error:
        raise ImportFailed(f"{name}: a file is not valid JSON ({error})") from None
    except (UnicodeDecodeError, OSError) as error:
        raise ImportFailed(f"{name}: a file cannot be read ({error})") from None
    return data


class _Context:
    """Lookups over the extracted export: categories, units, flows and their properties."""

    def __init__(self, data: dict[str, dict[str, Any]], inventory: RawInventory) -> None:
        self.categories = data.get("categories", {})
        self.flows = data.get("flows", {})
        self.properties = data.get("flow_properties", {})
        self.inventory = inventory
        self.unit_factor: dict[str, float] = {}
        self.reference_unit: dict[str, str] = {}  # unit group id -> its reference unit name
        for group_id, group in data.get("unit_groups", {}).items():
            for unit in group.get("units", []):
                self.unit_factor[unit["@id"]] = float(unit.get("conversionFactor", 1.0))
                if unit.get("referenceUnit"):
                    self.reference_unit[group_id] = unit["name"]

    def category_path(self, ref: dict[str, Any] | str | None) -> tuple[str, ...]:
        """Return a category's path from its root (olca-schema 1 stores only a reference)."""
        if isinstance(ref, str):
            return tuple(part for part in ref.split("/") if part)
        path: list[str] = []
        seen: set[str] = set()
        current: dict[str, Any] | None = ref
        while current and str(current.get("@id")) not in seen:
            seen.add(str(current.get("@id")))
            full: dict[str, Any] = self.categories.get(str(current.get("@id")), current)
            path.append(str(full.get("name", "")))
            current = full.get("category")
        if path:
            self.inventory.normalisations["category reference resolved to a path"] += 1
        return tuple(reversed(path))

    def flow_unit(self, flow: dict[str, Any]) -> str:
        """Return the reference unit of a flow's reference flow property."""
        for factor in flow.get("flowProperties", []):
            if factor.get("referenceFlowProperty"):
                prop = self.properties.get(factor["flowProperty"]["@id"], {})
                group = prop.get("unitGroup", {}).get("@id", "")
                return self.reference_unit.get(group, "")
        return ""

    def to_reference(self, exchange: dict[str, Any], flow: dict[str, Any], where: str) -> float:
        """Return an exchange's amount in its flow's reference unit (openLCA's rule)."""
        amount = float(exchange.get("amount", 0.0))
        unit_id = exchange.get("unit", {}).get("@id", "")
        if unit_id not in self.unit_factor:
            raise ImportFailed(f"{where}: exchange unit {unit_id!r} is in no unit group")
        property_id = exchange.get("flowProperty", {}).get("@id")
        property_factor = 1.0
        for factor in flow.get("flowProperties", []):
            if factor["flowProperty"]["@id"] == property_id:
                property_factor = float(factor.get("conversionFactor", 1.0))
        return amount * self.unit_factor[unit_id] / property_factor


def _exchange(ctx: _Context, exchange: dict[str, Any], where: str) -> RawExchange:
    flow_ref = exchange["flow"]
    flow = ctx.flows.get(flow_ref["@id"])
    if flow is None:
        raise ImportFailed(f"{where}: flow {flow_ref['@id']} is not in flows/")
    unit = engine_unit(ctx.flow_unit(flow))
    amount = ctx.to_reference(exchange, flow, where)
    given = exchange.get("unit", {}).get("name", "")
    if engine_unit(given) != unit:
        ctx.inventory.unit_conversions[(given, unit)] += 1
    kind = _KINDS.get(flow.get("flowType", ""), "")
    if not kind:
        raise ImportFailed(f"{where}: flow {flow['@id']} has no known flowType")
    if kind == ELEMENTARY and flow["@id"] not in ctx.inventory.elementary:
        ctx.inventory.elementary[flow["@id"]] = ElementaryFlow(
            flow["@id"], flow.get("name", ""), ctx.category_path(flow.get("category")), unit
        )
    return RawExchange(
        flow_id=flow["@id"],
        flow_name=flow.get("name", ""),
        kind=kind,
        is_input=bool(exchange.get("input")),
        amount=amount,
        unit=unit,
        avoided=bool(exchange.get("avoidedProduct")),
    )


def _reference_share(process: dict[str, Any], reference_flow: str) -> float | None:
    factors = process.get("allocationFactors") or []
    for kind in _PREFERRED_ALLOCATION:
        for factor in factors:
            product = factor.get("product", {}).get("@id")
            if factor.get("allocationType") == kind and product == reference_flow:
                return float(factor["value"])
    return None


def _year(process: dict[str, Any]) -> int | None:
    valid = process.get("processDocumentation", {}).get("validFrom", "")
    return int(valid[:4]) if valid[:4].isdigit() else None


def _process(ctx: _Context, process: dict[str, Any], name: str) -> RawProcess:
    where = f"{name}: process {process.get('@id')} ({process.get('name', '')})"
    exchanges = [_exchange(ctx, ex, where) for ex in process.get("exchanges", [])]
    references = [
        ex
        for raw, ex in zip(process.get("exchanges", []), exchanges, strict=True)
        if raw.get("quantitativeReference")
    ]
    if len(references) != 1:
        raise ImportFailed(f"{where}: has {len(references)} quantitative references, not 1")
    reference = references[0]
    return RawProcess(
        process_id=process["@id"],
        name=process.get("name", process["@id"]),
        location=(process.get("location") or {}).get("name", "GLO"),
        category="/".join(ctx.category_path(process.get("category"))),
        reference=reference,
        exchanges=[ex for ex in exchanges if ex is not reference],
        reference_share=_reference_share(process, reference.flow_id),
        year=_year(process),
        comment=(process.get("description") or "").strip(),
    )


def read_jsonld(folder: Path, name: str) -> RawInventory:
    """Read an openLCA JSON-LD export folder; name is what error messages call it."""
    if not (folder / "processes").is_dir():
        raise ImportFailed(f"{name}: no processes/ folder, so not an openLCA JSON-LD export")
    data = _extract(folder, name)
    processes = data.get("processes", {})
    if not processes:
        raise ImportFailed(f"{name}: the JSON-LD export holds no processes")
    inventory = RawInventory("openLCA JSON-LD", [], {})
    ctx = _Context(data, inventory)
    for process in processes.values():
        if process.get("@type") != "Process" or "@id" not in process:
            raise ImportFailed(f"{name}: processes/ holds something that is not a Process")
        inventory.processes.append(_process(ctx, process, name))
    return inventory
