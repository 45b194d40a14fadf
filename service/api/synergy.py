"""Synergy assessments: does a change cut air pollutants together with CO2e?"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from service.api.context import caller, db
from service.api.synergy_schemas import (
    SynergyInSchema,
    SynergyListSchema,
    SynergyQuerySchema,
    SynergySchema,
)
from service.services.footprints import synergy

blp = Blueprint(
    "synergy", __name__, url_prefix="/api/v1", description="Pollution and carbon synergy"
)


@blp.route("/synergy-assessments")
class SynergyAssessments(MethodView):
    """Assessments: create (manufacturer) or list those of certified products (body, admin)."""

    @blp.arguments(SynergyInSchema)
    @blp.response(201, SynergySchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Compare two of the caller's calculations (same declared unit and boundary)."""
        return synergy.present(
            synergy.create(db(), caller(), data["baseline"], data["alternative"])
        )

    @blp.arguments(SynergyQuerySchema, location="query")
    @blp.response(200, SynergyListSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """List assessments of products the body certified (decision makers, admins)."""
        found = synergy.for_authority(db(), caller(), query.get("classification"), query["offset"])
        return {"items": [synergy.present(a) for a in found]}


@blp.route("/synergy-assessments.csv")
class SynergyAssessmentsCsv(MethodView):
    """The same list as CSV: the input for choosing benchmark projects."""

    @blp.arguments(SynergyQuerySchema, location="query")
    @blp.response(200, {"type": "string"}, content_type="text/csv")
    def get(self, query: dict[str, Any]) -> Any:
        """Download the body's assessments as CSV."""
        found = synergy.for_authority(db(), caller(), query.get("classification"), query["offset"])
        return Response(synergy.as_csv(found), mimetype="text/csv")


@blp.route("/synergy-assessments/<assessment_id>")
class SynergyAssessmentItem(MethodView):
    """One assessment."""

    @blp.response(200, SynergySchema)
    def get(self, assessment_id: str) -> Any:
        """Read an assessment."""
        return synergy.present(synergy.get(db(), caller(), assessment_id))


@blp.route("/products/<product_id>/synergy-assessments")
class ProductSynergyAssessments(MethodView):
    """A product's assessments."""

    @blp.response(200, SynergyListSchema)
    def get(self, product_id: str) -> Any:
        """List a product's assessments, newest first."""
        found = synergy.for_product(db(), caller(), product_id)
        return {"items": [synergy.present(a) for a in found]}
