"""Footprint calculations (manufacturer)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from service.api.blueprint import Blueprint
from service.api.context import caller, db, runtime
from service.api.schemas import (
    CalculationListSchema,
    CalculationSchema,
    ContributionQuerySchema,
    ContributionsSchema,
)
from service.services.footprints import calculations, contributions

blp = Blueprint("calculations", __name__, url_prefix="/api/v1", description="Calculations")


@blp.route("/boms/<bom_id>/calculations")
class BomCalculations(MethodView):
    """Calculations of a BOM version."""

    @blp.response(201, CalculationSchema)
    def post(self, bom_id: str) -> Any:
        """Calculate the BOM's footprint per declared unit on the current library."""
        return calculations.calculate(db(), caller(), runtime(), bom_id)

    @blp.response(200, CalculationListSchema)
    def get(self, bom_id: str) -> Any:
        """List the BOM's calculations, newest first."""
        return {"items": calculations.list_calculations(db(), caller(), bom_id)}


@blp.route("/calculations/<calculation_id>")
class CalculationItem(MethodView):
    """One calculation."""

    @blp.response(200, CalculationSchema)
    def get(self, calculation_id: str) -> Any:
        """Read a stored calculation."""
        return calculations.get_calculation(db(), caller(), calculation_id)


@blp.route("/calculations/<calculation_id>/contributions")
class LineContributions(MethodView):
    """Upstream contributions of one activity line of a calculation."""

    @blp.arguments(ContributionQuerySchema, location="query")
    @blp.response(200, ContributionsSchema)
    def get(self, query: dict[str, Any], calculation_id: str) -> Any:
        """Top upstream processes and elementary flows of ?line=REF (amount, kg CO2e, share)."""
        return contributions.line_contributions(
            db(), caller(), runtime(), calculation_id, query["line"]
        )
