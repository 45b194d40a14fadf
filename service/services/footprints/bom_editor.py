"""The BOM editor's use cases: what the form starts from, its choices, and storing what it sends."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from lca_models import UNITS
from service.domain.roles import JURISDICTIONS
from service.errors import ValidationFailed
from service.persistence.models import BomVersion, Product
from service.services.context import Caller, LcaRuntime
from service.services.footprints.bom_schema import BomSchema, pointer_errors
from service.services.footprints.boms import create_bom, visible_bom
from service.services.footprints.products import require_manufacturer, visible_product
from service.services.library.current import current_version
from service.services.library.search import substances

# The site regions a manufacturer chooses from: the GBA's three jurisdictions (the regions the
# library's region search knows as most specific; see library/search.py REGION_PARENTS).
SITE_REGIONS = JURISDICTIONS
MAX_COMPONENT_CHOICES = 500


def editor_page(
    session: Session, caller: Caller, product_id: str, from_bom_id: str | None
) -> dict[str, Any]:
    """Return the product, the document the form starts from, and the form's choices."""
    require_manufacturer(caller)
    product = visible_product(session, caller, product_id)
    start: dict[str, Any] = {"lines": []}
    source = None
    if from_bom_id:
        source = visible_bom(session, caller, from_bom_id)
        start = source.document
    return {
        "product": product,
        "start": start,
        "source": source,
        "components": component_choices(session, caller, product.id),
        "substances": [item["substance"] for item in substances()["items"]],
        "units": list(UNITS),
        "regions": SITE_REGIONS,
    }


def component_choices(session: Session, caller: Caller, product_id: str) -> list[BomVersion]:
    """Return the manufacturer's BOM versions of its other products, usable as sub-assemblies."""
    query = (
        select(BomVersion)
        .join(Product, BomVersion.product_id == Product.id)
        .where(Product.org_id == caller.org_id, Product.id != product_id)
        .order_by(Product.sku, BomVersion.version.desc())
        .limit(MAX_COMPONENT_CHOICES)
    )
    return list(session.scalars(query))


def datasets_named(
    session: Session, runtime: LcaRuntime, codes: set[str]
) -> dict[str, dict[str, Any]]:
    """Return what the form shows of the current library's datasets named by its lines."""
    version = current_version(session, runtime)
    found = {}
    for code in codes:
        dataset = runtime.dataset(code, version)
        if dataset is not None:
            found[code] = {
                "names": dataset.names,
                "unit": dataset.unit,
                "region": dataset.geography,
                "year": dataset.year,
                "source": dataset.source,
                "grade": dataset.grade,
            }
    return found


def create_from_editor(
    session: Session, caller: Caller, runtime: LcaRuntime, product_id: str, raw: dict[str, Any]
) -> BomVersion:
    """Validate the editor's BOM document (shape, then content) and store it as a new version."""
    require_manufacturer(caller)
    visible_product(session, caller, product_id)
    try:
        data = BomSchema().load(raw)
    except ValidationError as error:
        raise ValidationFailed("the BOM is invalid", pointer_errors(error.messages)) from None
    return create_bom(session, caller, runtime, product_id, data)
