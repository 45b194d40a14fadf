"""Which BOM lines rely on suppliers' footprints, what the engine reads for them, and the
cascade when a supplier's label or PACT footprint changes.

A supplier label suspended, revoked or superseded, or a supplier footprint deprecated, flags
every BOM line that used it and puts the labels certified on those BOMs under surveillance:
their body's decision makers see them among the flagged labels, the manufacturer on its
product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from lca_models import INDICATORS, Bom, ComponentFootprint, UnknownComponent
from service.domain.ids import new_id
from service.domain.suppliers import PACT_TO_UNIT
from service.persistence.labels import Label
from service.persistence.models import BomVersion, Calculation, Product
from service.persistence.pact import SupplierFootprint, SupplierUse
from service.services.context import utc_now

PACT_PREFIX = "pact:"


def record_uses(session: Session, bom: BomVersion) -> None:
    """Remember which supplier inputs a new BOM version relies on (the caller commits)."""
    for line in bom.document["lines"]:
        supplier = line.get("supplier")
        if supplier:
            session.add(
                SupplierUse(
                    id=new_id("supplier_use"),
                    bom_id=bom.id,
                    product_id=bom.product_id,
                    line_ref=line["ref"],
                    kind="label" if "label_id" in supplier else "pact",
                    ref=supplier.get("label_id") or supplier["pact_id"],
                    verification=supplier["verification"],
                    flag=None,
                    flagged_at=None,
                    created_at=utc_now(),
                )
            )


def flag_dependents(session: Session, kind: str, ref: str, reason: str) -> list[str]:
    """Flag the uses of a supplier label or footprint and their labels; return the label IDs.

    The caller commits, with the change that caused the flags.
    """
    query = select(SupplierUse).where(SupplierUse.kind == kind, SupplierUse.ref == ref)
    uses = list(session.scalars(query))
    if not uses:
        return []
    now = utc_now()
    for use in uses:
        use.flag, use.flagged_at = reason, now
    labels = session.scalars(
        select(Label)
        .join(Calculation, Calculation.id == Label.calculation_id)
        .where(
            Calculation.bom_id.in_(sorted({use.bom_id for use in uses})), Label.status != "revoked"
        )
    )
    flagged = []
    for label in labels:
        label.surveillance_note = f"supplier input changed: {reason}"
        flagged.append(label.id)
    return flagged


def supplier_alerts(session: Session, product_id: str) -> list[SupplierUse]:
    """Return the product's BOM lines whose supplier input changed, newest first."""
    query = select(SupplierUse).where(
        SupplierUse.product_id == product_id, SupplierUse.flag.is_not(None)
    )
    return list(session.scalars(query.order_by(SupplierUse.flagged_at.desc())))


def engine_component(supplier: dict[str, str]) -> str:
    """The name the engine resolves a supplier line by (label ID, or pact:<footprint id>)."""
    return supplier.get("label_id") or f"{PACT_PREFIX}{supplier['pact_id']}"


def received(session: Session, org_id: str, pf_id: str) -> SupplierFootprint | None:
    """Return a PACT footprint the manufacturer received, by its id."""
    return session.scalar(
        select(SupplierFootprint).where(
            SupplierFootprint.org_id == org_id, SupplierFootprint.pf_id == pf_id.lower()
        )
    )


def _vector(values: dict[str, Decimal]) -> Any:
    return np.array([float(values.get(name, Decimal(0))) for name in INDICATORS], dtype=np.float64)


def _pact_component(found: SupplierFootprint) -> ComponentFootprint:
    pcf = found.body["pcf"]
    total = Decimal(pcf["pcfExcludingBiogenicUptake"])
    fossil = Decimal(pcf.get("fossilGhgEmissions", "0"))
    luc = Decimal(pcf.get("landUseChangeGhgEmissions", "0"))
    values = {
        "gwp_total": total,
        "gwp_fossil": fossil,
        "gwp_land_use_change": luc,
        # The rest of PACT's sum: biogenic and land-management terms. PACT footprints state no
        # air pollutants: those stay "not covered" (0) for these lines.
        "gwp_biogenic": total - fossil - luc,
        "biogenic_uptake": Decimal(pcf.get("biogenicCO2Uptake", "0")),
    }
    unit = PACT_TO_UNIT[pcf["declaredUnitOfMeasurement"]]
    return ComponentFootprint(Decimal(pcf["declaredUnitAmount"]), unit, _vector(values))


def resolved_components(
    session: Session, org_id: str, boms: Iterable[Bom]
) -> Callable[[str], ComponentFootprint]:
    """Read every supplier component the BOMs name now, so that no transaction stays open
    while the engine computes; return the engine's resolver over them."""
    resolve = resolver_for(session, org_id)
    found: dict[str, ComponentFootprint] = {}
    for bom in boms:
        for line in bom.lines:
            name = line.component_label
            if name is not None and name not in found:
                try:
                    found[name] = resolve(name)
                except UnknownComponent:
                    continue  # the engine raises it again, with the line's pointer

    def lookup(name: str) -> ComponentFootprint:
        if name not in found:
            raise UnknownComponent(f"supplier component {name} is not available")
        return found[name]

    return lookup


def resolver_for(session: Session, org_id: str) -> Callable[[str], ComponentFootprint]:
    """Return a resolver of supplier components for a manufacturer's BOMs (reads as it goes)."""

    def resolve(name: str) -> ComponentFootprint:
        if name.startswith(PACT_PREFIX):
            found = received(session, org_id, name.removeprefix(PACT_PREFIX))
            if found is None:
                raise UnknownComponent(f"PACT footprint {name} is not available")
            return _pact_component(found)
        label = session.get(Label, name)
        if label is None:
            raise UnknownComponent(f"label {name} is not known to this service")
        calculation = session.get(Calculation, label.calculation_id)
        product = session.get(Product, label.product_id)
        assert calculation is not None and product is not None
        result = calculation.result
        parts = result["parts"]
        values = {
            "gwp_total": Decimal(result["total_kg_co2e"]),
            "gwp_fossil": Decimal(parts["fossil"]),
            "gwp_biogenic": Decimal(parts["biogenic"]),
            "gwp_land_use_change": Decimal(parts["land_use_change"]),
            "biogenic_uptake": Decimal(parts["biogenic_uptake"]),
        } | {key: Decimal(value) for key, value in result["pollutants_kg"].items()}
        declared = Decimal(product.declared_amount)
        return ComponentFootprint(declared, product.declared_unit, _vector(values))

    return resolve
