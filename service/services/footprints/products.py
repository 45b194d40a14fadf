"""Products of a manufacturer: creation and visibility."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lca_models import LcaError, normalise_unit
from service.domain.decimals import to_text
from service.domain.ids import new_id
from service.domain.roles import Role
from service.errors import Conflict, Forbidden, ProductNotFound, ValidationFailed
from service.persistence.models import Product
from service.services.context import Caller, utc_now


def require_manufacturer(caller: Caller) -> None:
    """Refuse anyone who is not a manufacturer's user."""
    if caller.role != Role.MANUFACTURER:
        raise Forbidden("only a manufacturer may do this")


def visible_product(session: Session, caller: Caller, product_id: str) -> Product:
    """Return a product of the caller's organisation, or raise NotFound (never Forbidden)."""
    product = session.get(Product, product_id)
    if product is None or product.org_id != caller.org_id:
        raise ProductNotFound(f"no product {product_id}")
    return product


def create_product(session: Session, caller: Caller, data: dict[str, Any]) -> Product:
    """Register a product with its declared unit."""
    require_manufacturer(caller)
    try:
        unit = normalise_unit(data["declared_unit"]["unit"])
    except LcaError as error:
        raise ValidationFailed(error.message, {"/declared_unit/unit": [error.message]}) from None
    amount: Decimal = data["declared_unit"]["amount"]
    if amount <= 0:
        raise ValidationFailed("bad declared unit", {"/declared_unit/amount": ["must be > 0"]})
    exists = session.scalar(
        select(Product.id).where(Product.org_id == caller.org_id, Product.sku == data["sku"])
    )
    if exists:
        raise Conflict(f"SKU {data['sku']} exists", {"/sku": [f"already used by {exists}"]})
    mass: Decimal | None = data.get("mass_kg")
    product = Product(
        id=new_id("product"),
        org_id=caller.org_id,
        sku=data["sku"],
        gtin=data.get("gtin"),
        names=data["names"],
        declared_amount=to_text(amount),
        declared_unit=unit,
        mass_kg=None if mass is None else to_text(mass),
        pcr=data.get("pcr"),
        created_at=utc_now(),
    )
    session.add(product)
    session.commit()
    return product


def list_products(session: Session, caller: Caller) -> list[Product]:
    """Return the caller's organisation's products, newest first."""
    require_manufacturer(caller)
    query = (
        select(Product)
        .where(Product.org_id == caller.org_id)
        .order_by(Product.created_at.desc(), Product.id)
    )
    return list(session.scalars(query))


def get_product(session: Session, caller: Caller, product_id: str) -> Product:
    """Return one of the caller's products."""
    require_manufacturer(caller)
    return visible_product(session, caller, product_id)
