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
from service.domain.suppliers import SupplierLookup, SupplierRefused
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


# How many lines a BOM may stand for once every sub-assembly is multiplied out (each
# component line counts its sub-BOM's lines, recursively): 20 times the 5,000 lines one BOM
# may have. Validation and the engine visit each distinct BOM once, but a result's line-level
# detail, audits and reviews of such a tree would not stay bounded, and no real product
# needs more.
MAX_EXPANDED_LINES = 100_000


class _ComponentWalk:
    """Facts about sub-assembly BOMs, computed once per distinct BOM version per request."""

    def __init__(self, lookup: BomLookup, product_id: str) -> None:
        self._lookup = lookup
        self._product_id = product_id
        # bom id -> (problem or None, levels below it, lines it multiplies out to)
        self._seen: dict[str, tuple[str | None, int, int]] = {}

    def visit(self, bom: BomVersion, depth: int) -> tuple[str | None, int, int]:
        """Return (problem, height, expanded lines) of a component BOM used at depth."""
        problem, height, lines = self._facts(bom, depth)
        if problem is None and depth + height > MAX_COMPONENT_DEPTH:
            problem = f"components nest deeper than {MAX_COMPONENT_DEPTH} levels"
        return problem, height, lines

    def _facts(self, bom: BomVersion, depth: int) -> tuple[str | None, int, int]:
        known = self._seen.get(bom.id)
        if known is None:
            known = self._seen[bom.id] = self._walk(bom, depth)
        return known

    def _walk(self, bom: BomVersion, depth: int) -> tuple[str | None, int, int]:
        if bom.product_id == self._product_id:
            return f"component cycle: product {self._product_id} would contain itself", 0, 0
        if depth > MAX_COMPONENT_DEPTH:  # only stored data no validation let through
            return f"components nest deeper than {MAX_COMPONENT_DEPTH} levels", 0, 0
        height, lines = 0, 0
        for line in bom.document["lines"]:
            sub_id = line.get("component", {}).get("bom_id")
            if not sub_id:
                lines += 1
                continue
            sub = self._lookup(sub_id)
            if sub is None:
                return f"component BOM {sub_id} is not available", 0, 0
            problem, sub_height, sub_lines = self._facts(sub, depth + 1)
            if problem:
                return problem, 0, 0
            height, lines = max(height, sub_height + 1), lines + sub_lines
        return None, height, lines


def check_bom(
    data: dict[str, Any],
    product_id: str,
    runtime: LcaRuntime,
    lookup: BomLookup,
    library_version: str,
    evidence_ids: frozenset[str] = frozenset(),
    other_versions: frozenset[str] = frozenset(),
    suppliers: SupplierLookup | None = None,
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Return the normalised BOM document and the errors found, by JSON pointer."""
    errors = _Errors()
    walk = _ComponentWalk(lookup, product_id)
    expanded = 0
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
        elif "supplier" in line:
            out.update(_supplier(errors, at, line, suppliers))
        else:
            found, sub_lines = _component(errors, at, line, lookup, walk)
            out.update(found)
            expanded += sub_lines - 1
        for key in ("evidence", "note"):
            if key in line:
                out[key] = line[key]
        if "uncertainty" in line:
            out["uncertainty"] = {
                k: v if k == "distribution" else to_text(v) for k, v in line["uncertainty"].items()
            }
        if "pedigree" in line:
            out["pedigree"] = dict(line["pedigree"])
        for j, evidence_id in enumerate(line.get("evidence", [])):
            if evidence_id not in evidence_ids:
                errors.add(f"{at}/evidence/{j}", f"unknown evidence id {evidence_id!r}")
        lines.append(out)
    expanded += len(lines)
    if expanded > MAX_EXPANDED_LINES:
        errors.add(
            "/lines",
            f"with its components multiplied out the BOM has {expanded} lines; "
            f"at most {MAX_EXPANDED_LINES} are accepted",
        )
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
    errors: _Errors, at: str, line: dict[str, Any], lookup: BomLookup, walk: _ComponentWalk
) -> tuple[dict[str, Any], int]:
    """Check a component line; return its normalised form and the lines it stands for."""
    component = line["component"]
    amount: Decimal = line["amount"]
    out: dict[str, Any] = {"component": dict(component), "amount": to_text(amount)}
    out["unit"] = line["unit"]
    if "label_id" in component:
        errors.add(f"{at}/component/label_id", f"unknown label {component['label_id']!r}")
        return out, 1
    sub = lookup(component["bom_id"])
    if sub is None:
        errors.add(f"{at}/component/bom_id", f"unknown BOM {component['bom_id']!r}")
        return out, 1
    declared = sub.document["declared_unit"]["unit"]
    out["unit"] = _unit(errors, f"{at}/unit", line["unit"], declared)
    problem, _height, lines = walk.visit(sub, 1)
    if problem:
        errors.add(f"{at}/component", problem)
    return out, max(lines, 1)


def _supplier(
    errors: _Errors, at: str, line: dict[str, Any], suppliers: SupplierLookup | None
) -> dict[str, Any]:
    """A supplier line: verified (label) or flagged (PACT) on entry, in the supplier's unit."""
    supplier = dict(line["supplier"])
    out: dict[str, Any] = {"amount": to_text(line["amount"]), "unit": line["unit"]}
    out["supplier"] = supplier
    if suppliers is None:
        errors.add(f"{at}/supplier", "supplier lines are not accepted here; use the API")
        return out
    try:
        found = suppliers(supplier)
    except SupplierRefused as refused:
        errors.add(f"{at}/supplier/{refused.field}", refused.message)
        return out
    out["unit"] = _unit(errors, f"{at}/unit", line["unit"], found.declared_unit)
    supplier["verification"] = found.verification
    if "label_id" in supplier:
        supplier["label_id"] = found.ref  # canonical letter case
    return out
