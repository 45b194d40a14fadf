"""Bills of materials (manufacturer): immutable versions, JSON or CSV/XLSX."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from service.api.blueprint import MULTIPART, Blueprint
from service.api.context import caller, db, runtime
from service.api.schemas import BomImportSchema, BomListSchema, BomVersionSchema
from service.services.footprints import boms
from service.services.footprints.bom_schema import BomSchema

BOM_EXAMPLE = {
    "system_boundary": "cradle-to-gate",
    "reference_period": {"start": "2025-01-01", "end": "2025-12-31"},
    "site": {"name": "Dongguan plant", "region": "CN-GD"},
    "lines": [
        {
            "ref": "power",
            "stage": "production",
            "activity": "electricity-cn-footprint-2023",
            "amount": "2.5",
            "unit": "kWh",
            "data": "primary",
        },
        {
            "ref": "refrigerant",
            "stage": "production",
            "emissions": [{"substance": "HFC-134a", "amount": "0.001", "unit": "kg"}],
            "data": "primary",
        },
    ],
}

blp = Blueprint("boms", __name__, url_prefix="/api/v1", description="Bills of materials")


@blp.route("/products/<product_id>/boms")
class ProductBoms(MethodView):
    """The BOM versions of a product."""

    @blp.arguments(BomSchema, example=BOM_EXAMPLE)
    @blp.response(201, BomVersionSchema)
    def post(self, data: dict[str, Any], product_id: str) -> Any:
        """Store a new immutable BOM version, validated against the library."""
        return boms.create_bom(db(), caller(), runtime(), product_id, data)

    @blp.response(200, BomListSchema)
    def get(self, product_id: str) -> Any:
        """List every version of the product's BOM."""
        return {"items": boms.list_boms(db(), caller(), product_id)}


@blp.route("/products/<product_id>/boms/import")
class BomImport(MethodView):
    """BOM lines from a file."""

    @blp.arguments(BomImportSchema, location=MULTIPART)
    @blp.response(201, BomVersionSchema)
    def post(self, form: dict[str, Any], product_id: str) -> Any:
        """Create a BOM version from a CSV or XLSX file (columns: ref, stage, activity,
        amount, unit, data, substance, component_bom_id)."""
        header = {
            "system_boundary": form["system_boundary"],
            "reference_period": {
                "start": form["reference_period_start"],
                "end": form["reference_period_end"],
            },
            "site": {"name": form["site_name"], "region": form["site_region"]},
        }
        upload = form["file"]
        return boms.import_bom(
            db(), caller(), runtime(), product_id, header, upload.filename or "", upload.read()
        )


@blp.route("/boms/<bom_id>")
class BomItem(MethodView):
    """One BOM version."""

    @blp.response(200, BomVersionSchema)
    def get(self, bom_id: str) -> Any:
        """Read a BOM version."""
        return boms.get_bom(db(), caller(), bom_id)
