"""Suppliers' footprints as BOM inputs: a label verified on entry, or a PACT footprint.

A BOM line `{"supplier": {"label_id": ...} | {"pact_id": ...}, "amount", "unit"}` names a
supplier's certified label (its credential must verify: signature, status, trust list, the
checks of the public verifier) or a PACT ProductFootprint the manufacturer received (accepted
as unverified supplier data, flagged for the reviewer). The line's unit must convert to the
supplier's declared unit.
"""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.domain.roles import Role
from service.domain.suppliers import (
    PACT_TO_UNIT,
    UNVERIFIED,
    VERIFIED,
    SupplierInput,
    SupplierLookup,
    SupplierRefused,
)
from service.errors import DependencyUnavailable, Forbidden, NotFound, ValidationFailed
from service.persistence.models import Product
from service.persistence.pact import SupplierFootprint
from service.services.context import Caller, IssuerConfig, utc_now
from service.services.footprints.supplier_uses import flag_dependents, received
from service.services.labels.lifecycle import find_label
from service.services.labels.public_verification import verify_submitted
from service.services.pact.outbound import DeliveryFailed, get_footprints
from service.services.pact.partners import find_partner


def supplier_lookup(session: Session, caller: Caller, config: IssuerConfig) -> SupplierLookup:
    """Return what BOM validation calls for each supplier line (raises SupplierRefused)."""

    def lookup(supplier: dict[str, str]) -> SupplierInput:
        if "label_id" in supplier:
            try:
                label = find_label(session, supplier["label_id"])
            except NotFound:
                raise SupplierRefused("label_id", "unknown label") from None
            answer = verify_submitted(session, config, label.credential)
            if not answer["verified"]:
                failed = [name for name, ok in answer["checks"].items() if not ok]
                raise SupplierRefused(
                    "label_id",
                    f"the label's credential does not verify ({answer['status']}; "
                    f"failed: {', '.join(failed) or 'none'})",
                )
            product = session.get(Product, label.product_id)
            assert product is not None
            return SupplierInput("label", label.id, product.declared_unit, VERIFIED)
        found = received(session, caller.org_id, supplier.get("pact_id", ""))
        if found is None:
            raise SupplierRefused("pact_id", "no PACT footprint with this id was received")
        unit = PACT_TO_UNIT[found.body["pcf"]["declaredUnitOfMeasurement"]]
        return SupplierInput("pact", found.pf_id, unit, UNVERIFIED)

    return lookup


def _decimal(pcf: dict[str, Any], name: str, required: bool = True) -> None:
    value = pcf.get(name)
    if value is None and not required:
        return
    try:
        Decimal(value if isinstance(value, str) and len(value) <= 40 else "x")
    except InvalidOperation:
        raise ValidationFailed(
            "not a PACT footprint", {f"/pcf/{name}": ["must be a decimal string"]}
        ) from None


def receive_footprint(
    session: Session, caller: Caller, body: dict[str, Any], partner_id: str | None = None
) -> SupplierFootprint:
    """Store a supplier's PACT ProductFootprint; a later status (Deprecated) cascades."""
    if caller.role != Role.MANUFACTURER:
        raise Forbidden("only manufacturers receive suppliers' footprints")
    return store_footprint(session, caller.org_id, body, partner_id)


def store_footprint(
    session: Session, org_id: str, body: dict[str, Any], partner_id: str | None
) -> SupplierFootprint:
    """Check and store a footprint for a manufacturer (the caller decided it may)."""
    try:
        pf_id = str(uuid.UUID(str(body.get("id", ""))[:64]))
    except ValueError:
        raise ValidationFailed("not a PACT footprint", {"/id": ["must be a UUID"]}) from None
    pcf = body.get("pcf")
    if not isinstance(pcf, dict):
        raise ValidationFailed("not a PACT footprint", {"/pcf": ["is required"]})
    if pcf.get("declaredUnitOfMeasurement") not in PACT_TO_UNIT:
        units = ", ".join(PACT_TO_UNIT)
        raise ValidationFailed(
            "unsupported declared unit",
            {"/pcf/declaredUnitOfMeasurement": [f"must be one of {units}"]},
        )
    for name in ("declaredUnitAmount", "pcfExcludingBiogenicUptake"):
        _decimal(pcf, name)
    for name in ("fossilGhgEmissions", "landUseChangeGhgEmissions", "biogenicCO2Uptake"):
        _decimal(pcf, name, required=False)
    if not Decimal(pcf["declaredUnitAmount"]) > 0:
        raise ValidationFailed("bad amount", {"/pcf/declaredUnitAmount": ["must be > 0"]})
    status = body.get("status")
    if status not in ("Active", "Deprecated"):
        raise ValidationFailed("bad status", {"/status": ["must be Active or Deprecated"]})
    found = received(session, org_id, pf_id)
    if found is None:
        found = SupplierFootprint(
            id=new_id("supplier_footprint"),
            org_id=org_id,
            pf_id=pf_id,
            partner_id=partner_id,
            company_name=str(body.get("companyName", ""))[:300],
            status=status,
            body=body,
            received_at=utc_now(),
        )
        session.add(found)
    elif found.status != status:
        # A footprint is immutable in PACT v3: only its status may change.
        found.status, found.received_at = status, utc_now()
        if status == "Deprecated":
            flag_dependents(session, "pact", pf_id, f"supplier PACT footprint {pf_id} deprecated")
    session.commit()
    return found


def pull_footprints(session: Session, caller: Caller, partner_url: str) -> dict[str, Any]:
    """Pull a registered supplier partner's footprints into the manufacturer's received ones."""
    if caller.role != Role.MANUFACTURER:
        raise Forbidden("only manufacturers receive suppliers' footprints")
    partner = find_partner(session, partner_url)
    if partner is None:
        raise ValidationFailed("unknown partner", {"/partner": ["is not a registered partner"]})
    base_url, client_id, secret, partner_id = (
        partner.base_url,
        partner.client_id,
        partner.client_secret,
        partner.id,
    )
    session.commit()  # no transaction stays open while the partner answers
    try:
        footprints = get_footprints(base_url, client_id, secret)
    except DeliveryFailed as error:
        raise DependencyUnavailable(f"the partner did not answer: {error}") from None
    received_ids, refused = [], []
    for index, footprint in enumerate(footprints):
        try:
            if not isinstance(footprint, dict):
                raise ValidationFailed("not a footprint", {"/": ["must be an object"]})
            received_ids.append(receive_footprint(session, caller, footprint, partner_id).pf_id)
        except ValidationFailed as error:
            session.rollback()
            refused.append({"index": index, "errors": error.errors})
    return {"received": received_ids, "refused": refused}
