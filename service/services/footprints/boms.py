"""BOM versions: creating immutable versions, reading them, importing them from files."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lca_models import bom_sha256
from service.domain.ids import new_id
from service.errors import BomNotFound, NotFound, ValidationFailed
from service.persistence.models import BomVersion, Product
from service.services.certification.evidence import known_evidence_ids
from service.services.context import Caller, LcaRuntime, utc_now
from service.services.footprints.bom_import import rows_to_bom
from service.services.footprints.bom_schema import BomSchema, pointer_errors
from service.services.footprints.bom_validation import check_bom
from service.services.footprints.products import require_manufacturer, visible_product
from service.services.library.current import current_version, usable_versions


def visible_bom(session: Session, caller: Caller, bom_id: str) -> BomVersion:
    """Return a BOM version of the caller's organisation, or raise NotFound."""
    bom = session.get(BomVersion, bom_id)
    if bom is None or bom.product.org_id != caller.org_id:
        raise BomNotFound(f"no BOM {bom_id}")
    return bom


def create_bom(
    session: Session, caller: Caller, runtime: LcaRuntime, product_id: str, data: dict[str, Any]
) -> BomVersion:
    """Validate a BOM against the library and store it as the product's next version."""
    require_manufacturer(caller)
    product = visible_product(session, caller, product_id)

    def lookup(bom_id: str) -> BomVersion | None:
        try:
            return visible_bom(session, caller, bom_id)
        except NotFound:
            return None

    wanted = [e for line in data["lines"] for e in line.get("evidence", [])]
    known = frozenset(known_evidence_ids(session, caller.org_id, wanted))
    version = current_version(session, runtime)
    usable = usable_versions(session, caller.org_id)
    document, errors = check_bom(data, product.id, runtime, lookup, version, known, usable)
    if errors:
        raise ValidationFailed("the BOM is invalid", errors)
    document["declared_unit"] = {"amount": product.declared_amount, "unit": product.declared_unit}
    latest = session.scalar(
        select(func.max(BomVersion.version)).where(BomVersion.product_id == product.id)
    )
    bom = BomVersion(
        id=new_id("bom"),
        product_id=product.id,
        version=(latest or 0) + 1,
        document=document,
        sha256=bom_sha256(document),
        created_at=utc_now(),
    )
    session.add(bom)
    session.commit()
    return bom


def import_bom(
    session: Session,
    caller: Caller,
    runtime: LcaRuntime,
    product_id: str,
    header: dict[str, Any],
    filename: str,
    content: bytes,
) -> BomVersion:
    """Create a BOM version from lines in a CSV or XLSX file plus header fields."""
    require_manufacturer(caller)
    visible_product(session, caller, product_id)
    raw = dict(header) | {"lines": rows_to_bom(filename, content)}
    try:
        data = BomSchema().load(raw)
    except ValidationError as error:
        raise ValidationFailed("the BOM file is invalid", pointer_errors(error.messages)) from None
    return create_bom(session, caller, runtime, product_id, data)


def get_bom(session: Session, caller: Caller, bom_id: str) -> BomVersion:
    """Return one of the caller's BOM versions."""
    require_manufacturer(caller)
    return visible_bom(session, caller, bom_id)


def list_boms(session: Session, caller: Caller, product_id: str) -> list[BomVersion]:
    """Return every version of a product's BOM, oldest first."""
    require_manufacturer(caller)
    product: Product = visible_product(session, caller, product_id)
    query = (
        select(BomVersion).where(BomVersion.product_id == product.id).order_by(BomVersion.version)
    )
    return list(session.scalars(query))
