"""Products (manufacturer)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from service.api.blueprint import Blueprint
from service.api.context import caller, db
from service.api.schemas import ProductInSchema, ProductListSchema, ProductSchema
from service.services.footprints import products

PRODUCT_EXAMPLE = {
    "sku": "KETTLE-1.7L",
    "gtin": "4006381333931",
    "names": {"zh-Hans": "电热水壶", "zh-Hant": "電熱水壺", "en": "Electric kettle"},
    "declared_unit": {"amount": "1", "unit": "piece"},
    "mass_kg": "1.2",
}

blp = Blueprint("products", __name__, url_prefix="/api/v1/products", description="Products")


@blp.route("")
class Products(MethodView):
    """The caller's products."""

    @blp.arguments(ProductInSchema, example=PRODUCT_EXAMPLE)
    @blp.response(201, ProductSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Register a product with its declared unit."""
        return products.create_product(db(), caller(), data)

    @blp.response(200, ProductListSchema)
    def get(self) -> Any:
        """List the caller's products."""
        return {"items": products.list_products(db(), caller())}


@blp.route("/<product_id>")
class ProductItem(MethodView):
    """One product."""

    @blp.response(200, ProductSchema)
    def get(self, product_id: str) -> Any:
        """Read a product."""
        return products.get_product(db(), caller(), product_id)
