"""Checks of a BOM's content against the library and the manufacturer's other BOMs."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from lca_models import (
    BOUNDARY_STAGES,
    MAX_COMPONENT_DEPTH,
    LcaError,
    conversion_factor,
    normalise_unit,
)
from service.domain.decimals import to_text
from service.persistence.models import BomVersion
from service.services.context import LcaRuntime

# Returns a BOM version of the same manufacturer, or None when it is unknown or not theirs.
BomLookup = Callable[[str], BomVersion | None]


class _Errors:
    def __init__(self) -> None:
        self.by_pointer: dict[str, list[str]] = {}

    def add(self, pointer: str, message: str) -> None:
        self.by_pointer.setdefault(pointer, []).append(message)


def _unit(errors: _Errors, pointer: str, unit: str, target: str) -> str:
    if unit == target:  # a unit an imported database uses that the engine has no symbol for
        return unit
    try:
        symbol = normalise_unit(unit)
        conversion_factor(symbol, target)
    except LcaError as error:
        errors.add(pointer, error.message)
        return unit
    return symbol


def _component_chain(lookup: BomLookup, bom: BomVersion, product_id: str, depth: int) -> str | None:
    """Walk a component BOM's own components; return a problem, or None."""
    if bom.product_id == product_id:
        return f"component cycle: product {product_id} would contain itself"
    if depth > MAX_COMPONENT_DEPTH:
        return f"components nest deeper than {MAX_COMPONENT_DEPTH} levels"
    for line in bom.document["lines"]:
        sub_id = line.get("component", {}).get("bom_id")
        if sub_id:
            sub = lookup(sub_id)
            if sub is None:
                return f"component BOM {sub_id} is not available"
            problem = _component_chain(lookup, sub, product_id, depth + 1)
            if problem:
                return problem
    return None


def check_bom(
    data: dict[str, Any],
    product_id: str,
    runtime: LcaRuntime,
    lookup: BomLookup,
    library_version: str,
    evidence_ids: frozenset[str] = frozenset(),
    other_versions: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Return the normalised BOM document and the errors found, by JSON pointer."""
    errors = _Errors()
    allowed = BOUNDARY_STAGES[data["system_boundary"]]
    first_seen: dict[str, int] = {}
    lines = []
    for i, line in enumerate(data["lines"]):
        at = f"/lines/{i}"
        out: dict[str, Any] = {"ref": line["ref"], "stage": line["stage"], "data": line["data"]}
        if line["ref"] in first_seen:
            errors.add(
                f"{at}/ref", f"duplicate ref (first used at /lines/{first_seen[line['ref']]})"
            )
        first_seen.setdefault(line["ref"], i)
        if line["stage"] not in allowed:
            errors.add(
                f"{at}/stage",
                f"a {data['system_boundary']} BOM accepts only {', '.join(allowed)}",
            )
        if "activity" in line:
            dataset = runtime.dataset(line["activity"], library_version, other_versions)
            if dataset is None:
                errors.add(f"{at}/activity", f"unknown activity code {line['activity']!r}")
                unit = line["unit"]
            else:
                unit = _unit(errors, f"{at}/unit", line["unit"], dataset.unit)
            out.update(activity=line["activity"], amount=to_text(line["amount"]), unit=unit)
        elif "emissions" in line:
            out["emissions"] = [
                {
                    "substance": e["substance"],
                    "amount": to_text(e["amount"]),
                    "unit": _unit(errors, f"{at}/emissions/{j}/unit", e["unit"], "kg"),
                }
                for j, e in enumerate(line["emissions"])
            ]
        else:
            out.update(_component(errors, at, line, product_id, lookup))
        for key in ("evidence", "note"):
            if key in line:
                out[key] = line[key]
        for j, evidence_id in enumerate(line.get("evidence", [])):
            if evidence_id not in evidence_ids:
                errors.add(f"{at}/evidence/{j}", f"unknown evidence id {evidence_id!r}")
        lines.append(out)
    document = {
        "system_boundary": data["system_boundary"],
        "reference_period": {
            "start": data["reference_period"]["start"].isoformat(),
            "end": data["reference_period"]["end"].isoformat(),
        },
        "site": dict(data["site"]),
        "lines": lines,
    }
    return document, errors.by_pointer


def _component(
    errors: _Errors, at: str, line: dict[str, Any], product_id: str, lookup: BomLookup
) -> dict[str, Any]:
    component = line["component"]
    amount: Decimal = line["amount"]
    out: dict[str, Any] = {"component": dict(component), "amount": to_text(amount)}
    out["unit"] = line["unit"]
    if "label_id" in component:
        errors.add(f"{at}/component/label_id", f"unknown label {component['label_id']!r}")
        return out
    sub = lookup(component["bom_id"])
    if sub is None:
        errors.add(f"{at}/component/bom_id", f"unknown BOM {component['bom_id']!r}")
        return out
    declared = sub.document["declared_unit"]["unit"]
    out["unit"] = _unit(errors, f"{at}/unit", line["unit"], declared)
    problem = _component_chain(lookup, sub, product_id, 1)
    if problem:
        errors.add(f"{at}/component", problem)
    return out
