"""Reading EcoSpold 1 XML files (older public databases) with bw2io's Ecospold1DataExtractor.

EcoSpold 1 names products, not ids: a product is (name, location) and a process's reference
product is the production exchange named as its reference function. An input given in
another unit of the same dimension as its producer's (MJ of a product made in kWh) is
converted, and the conversion counted in the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lca_models.errors import ImportFailed, UnitMismatch
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
from lca_models.units import conversion_factor


def _flow_id(name: str, location: str | None) -> str:
    return f"{name}|{location or ''}"


def _extract(folder: Path, name: str) -> list[dict[str, Any]]:
    from bw2io.extractors.ecospold1 import Ecospold1DataExtractor

    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".xml")
    if not files:
        raise ImportFailed(f"{name}: no .xml files, so not an EcoSpold 1 database")
    datasets: list[dict[str, Any]] = []
    for path in files:
        try:
            datasets.extend(d for d in Ecospold1DataExtractor.process_file(path, name) if d)
        except Exception as error:  # lxml, pyecospold and bw2io each raise their own
            raise ImportFailed(f"{name}: {path.name} is not an EcoSpold 1 file ({error})") from None
    return datasets


def _reference(dataset: dict[str, Any], where: str) -> dict[str, Any]:
    candidates = [
        ex
        for ex in dataset["exchanges"]
        if ex.get("type") == "production"
        and ex.get("name") == dataset["name"]
        and ex.get("location") == dataset.get("location")
    ]
    if len(candidates) != 1:
        raise ImportFailed(f"{where}: {len(candidates)} exchanges match its reference function")
    reference: dict[str, Any] = candidates[0]
    return reference


def read_ecospold1(folder: Path, name: str) -> RawInventory:
    """Read every EcoSpold 1 .xml file of a folder (searched recursively)."""
    datasets = _extract(folder, name)
    if not datasets:
        raise ImportFailed(f"{name}: the EcoSpold 1 files hold no datasets")
    inventory = RawInventory("EcoSpold 1", [], {})
    produced_unit = {
        _flow_id(d["name"], d.get("location")): engine_unit(d.get("unit") or "") for d in datasets
    }
    for dataset in datasets:
        where = f"{name}: dataset {dataset.get('code')} ({dataset.get('name')})"
        reference = _reference(dataset, where)
        exchanges = []
        for ex in dataset["exchanges"]:
            if "type" not in ex or ex is reference:
                continue  # allocation entries carry no type; bw2io lists them last
            exchanges.append(_exchange(ex, inventory, produced_unit))
        inventory.processes.append(
            RawProcess(
                process_id=str(dataset["code"]),
                name=dataset["name"],
                location=dataset.get("location") or "GLO",
                category="/".join(c for c in dataset.get("categories", []) if c),
                reference=_exchange(reference, inventory, produced_unit),
                exchanges=exchanges,
                comment=dataset.get("comment") or "",
            )
        )
    return inventory


def _exchange(
    ex: dict[str, Any], inventory: RawInventory, produced_unit: dict[str, str]
) -> RawExchange:
    unit = engine_unit(ex.get("unit") or "")
    amount = float(ex.get("amount", 0.0))
    if ex["type"] == "biosphere":
        compartment = tuple(c for c in ex.get("categories", ()) if c)
        flow_id = f"{ex['name']}|{'/'.join(compartment)}|{unit}"
        inventory.elementary.setdefault(
            flow_id, ElementaryFlow(flow_id, ex["name"], compartment, unit)
        )
        # EcoSpold 1 puts resources (group 4, FromNature) and emissions in one type.
        return RawExchange(flow_id, ex["name"], ELEMENTARY, False, amount, unit)
    flow_id = _flow_id(ex["name"], ex.get("location"))
    target = produced_unit.get(flow_id, unit)
    if target != unit:
        try:
            amount *= float(conversion_factor(unit, target))
        except UnitMismatch:
            raise ImportFailed(
                f"{ex['name']}: given in {unit}, produced in {target}, which do not convert"
            ) from None
        inventory.unit_conversions[(unit, target)] += 1
        unit = target
    kind = WASTE if ex.get("group") == "WasteToTreatment" else PRODUCT
    return RawExchange(
        flow_id,
        ex["name"],
        kind,
        ex["type"] == "technosphere",
        amount,
        unit,
        avoided=ex["type"] == "substitution",
    )
