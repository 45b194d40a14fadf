"""Suppliers' PACT footprints a manufacturer receives (upload), for use in BOM lines."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from service.api.blueprint import Blueprint
from service.api.context import caller, db
from service.api.schema_fields import UtcDateTime
from service.services import pact

blp = Blueprint(
    "supplier_footprints",
    __name__,
    url_prefix="/api/v1",
    description="Suppliers' PACT v3 ProductFootprints, usable in BOM supplier lines",
)


class ProductFootprintSchema(Schema):
    """A PACT v3 ProductFootprint as the supplier sent it (checked by the use case)."""

    class Meta:
        unknown = "include"

    id = fields.String(required=True)
    status = fields.String(required=True)
    pcf = fields.Dict(required=True)


class SupplierFootprintSchema(Schema):
    """A received footprint."""

    id = fields.String()
    pf_id = fields.String()
    company_name = fields.String()
    status = fields.String()
    received_at = UtcDateTime()


@blp.route("/supplier-footprints")
class SupplierFootprints(MethodView):
    """Suppliers' footprints of the caller's organisation."""

    @blp.arguments(ProductFootprintSchema)
    @blp.response(201, SupplierFootprintSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Receive a supplier's PACT ProductFootprint (unverified supplier data)."""
        return pact.receive_footprint(db(), caller(), data)


class PullSchema(Schema):
    """Which registered partner to pull from."""

    partner = fields.String(required=True, validate=validate.Length(min=1, max=500))


class PullResultSchema(Schema):
    """The footprint ids received, and those refused with their errors."""

    received = fields.List(fields.String())
    refused = fields.List(fields.Dict())


@blp.route("/supplier-footprints/pull")
class PullFootprints(MethodView):
    """Pulling a supplier partner's footprints over PACT."""

    @blp.arguments(PullSchema)
    @blp.response(200, PullResultSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Pull every footprint a registered supplier partner lets us read."""
        return pact.pull_footprints(db(), caller(), data["partner"])
