"""Calculating a BOM's footprint with the engine, storing and reading results."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from lca_models import Bom, Emission, LcaError, Line, ProjectNotBootstrapped
from service.domain.ids import new_id
from service.domain.surveillance import worse_beyond_limit
from service.errors import CalculationNotFound, DependencyUnavailable, ValidationFailed
from service.persistence.labels import Label
from service.persistence.models import BomVersion, Calculation
from service.services.context import Caller, LcaRuntime, utc_now
from service.services.footprints.boms import visible_bom
from service.services.footprints.products import require_manufacturer
from service.services.footprints.results import present
from service.services.library.current import (
    current_version,
    mark_restricted,
    usable_versions,
)

# The total is stored as exponent-free decimal text in a 40-character column.
_MAX_TOTAL = 1e24
_MIN_TOTAL = 1e-24


def to_engine_bom(bom_id: str, document: dict[str, Any]) -> Bom:
    """Turn a stored BOM document into the engine's plain value."""
    lines = []
    for line in document["lines"]:
        component = line.get("component", {})
        lines.append(
            Line(
                ref=line["ref"],
                stage=line["stage"],
                amount=Decimal(line.get("amount", "1")),
                unit=line.get("unit", ""),
                activity=line.get("activity"),
                emissions=tuple(
                    Emission(e["substance"], Decimal(e["amount"]), e["unit"])
                    for e in line.get("emissions", ())
                ),
                component_bom=component.get("bom_id"),
                component_label=component.get("label_id"),
            )
        )
    declared = document["declared_unit"]
    return Bom(bom_id, Decimal(declared["amount"]), declared["unit"], tuple(lines))


class StoredBom(Protocol):
    """What gathering needs of a stored BOM version (a BomVersion, or its columns)."""

    @property
    def id(self) -> str: ...

    @property
    def document(self) -> dict[str, Any]: ...


Stored = TypeVar("Stored", bound=StoredBom)


def _parse(bom: StoredBom) -> Bom:
    return to_engine_bom(bom.id, bom.document)


def gather_boms(
    root: Stored,
    fetch: Callable[[str], Stored],
    parse: Callable[[Stored], Bom] = _parse,
) -> dict[str, Bom]:
    """Load a BOM and every sub-assembly BOM it reaches (through fetch), once each.

    parse turns a stored BOM into the engine's value (to_engine_bom unless a caller that
    gathers many BOMs sharing sub-assemblies passes a memoised one).
    """
    found: dict[str, Bom] = {}
    pending = [root]
    while pending:
        current = pending.pop()
        if current.id in found:
            continue
        found[current.id] = parse(current)
        for line in current.document["lines"]:
            sub_id = line.get("component", {}).get("bom_id")
            if sub_id and sub_id not in found:
                pending.append(fetch(sub_id))
    return found


def calculate(session: Session, caller: Caller, runtime: LcaRuntime, bom_id: str) -> Calculation:
    """Compute a BOM's footprint on the current library and store the result."""
    require_manufacturer(caller)
    bom = visible_bom(session, caller, bom_id)
    boms = gather_boms(bom, lambda bom_id: visible_bom(session, caller, bom_id))
    bom_sha256 = bom.sha256
    document = bom.document
    version = current_version(session, runtime)
    usable = usable_versions(session, caller.org_id)
    # End the read transaction: none stays open across the calculation.
    session.commit()
    try:
        footprint = runtime.engine.footprint(
            boms[bom_id], version, boms.__getitem__, other_versions=usable
        )
    except ProjectNotBootstrapped as error:
        raise DependencyUnavailable(str(error)) from None
    except LcaError as error:
        raise ValidationFailed(error.message, {error.pointer or "/": [error.message]}) from None
    total = footprint.value("gwp_total")
    if not all(math.isfinite(float(v)) for v in footprint.totals) or not (
        total == 0 or _MIN_TOTAL < abs(total) < _MAX_TOTAL
    ):
        # Amounts are bounded, but nested components multiply them: refuse, never a 500.
        message = "the footprint is out of range: component amounts multiply beyond reason"
        raise ValidationFailed(message, {"/lines": [message]})
    result = present(footprint, document, runtime)
    mark_restricted(session, result, [version for version, _ in footprint.libraries])
    calculation = Calculation(
        id=new_id("calculation"),
        bom_id=bom_id,
        total_kg_co2e=result["total_kg_co2e"],
        result=result,
        bom_sha256=bom_sha256,
        library_version=footprint.library_version,
        method_version=footprint.method_version,
        engine_version=footprint.engine_version,
        matrices_sha256=footprint.matrices_sha256,
        note=None,
        computed_at=utc_now(),
    )
    session.add(calculation)
    _surveil(session, bom, calculation)
    session.commit()
    return calculation


def _surveil(session: Session, bom: BomVersion, calculation: Calculation) -> None:
    """Flag the product's labels for their body when a recalculation is >10% worse."""
    new_total = Decimal(calculation.total_kg_co2e)
    labels = session.scalars(
        select(Label).where(Label.product_id == bom.product_id, Label.status != "revoked")
    )
    for label in labels:
        certified = Decimal(label.certified_kg_co2e)
        if worse_beyond_limit(certified, new_total):
            worse = (new_total / certified - 1) * 100
            label.surveillance_note = (
                f"calculation {calculation.id} of BOM version {bom.version} gives "
                f"{calculation.total_kg_co2e} kg CO2e, {worse:.1f}% above the certified "
                f"{label.certified_kg_co2e}"
            )


def get_calculation(session: Session, caller: Caller, calculation_id: str) -> Calculation:
    """Return one of the caller's calculations."""
    require_manufacturer(caller)
    calculation = session.get(Calculation, calculation_id)
    if calculation is None or calculation.bom.product.org_id != caller.org_id:
        raise CalculationNotFound(f"no calculation {calculation_id}")
    return calculation


def list_calculations(session: Session, caller: Caller, bom_id: str) -> list[Calculation]:
    """Return a BOM's calculations, newest first."""
    require_manufacturer(caller)
    visible_bom(session, caller, bom_id)
    query = (
        select(Calculation)
        .where(Calculation.bom_id == bom_id)
        .order_by(Calculation.computed_at.desc(), Calculation.id)
    )
    return list(session.scalars(query))
