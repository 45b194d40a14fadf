"""Reference library search and the emission vocabulary."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from service.api.blueprint import Blueprint
from service.api.context import caller, db, runtime
from service.api.schemas import ActivityListSchema, ActivityQuerySchema, SubstanceListSchema
from service.services.library import search as library

blp = Blueprint("library", __name__, url_prefix="/api/v1/library", description="Reference library")


@blp.route("/activities")
class Activities(MethodView):
    """Datasets a BOM line can name."""

    @blp.arguments(ActivityQuerySchema, location="query")
    @blp.response(200, ActivityListSchema)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Search datasets by words in en, zh-Hans or zh-Hant, region, category and library."""
        who = caller()
        return library.search_activities(
            db(),
            runtime(),
            query.get("q"),
            query.get("region"),
            query["limit"],
            category=query.get("category"),
            library=query.get("library"),
            org_id=who.org_id,
        )


@blp.route("/substances")
class Substances(MethodView):
    """The vocabulary of direct emissions."""

    @blp.response(200, SubstanceListSchema)
    def get(self) -> dict[str, Any]:
        """List the substances emission lines may name, with their GWP100."""
        caller()
        return library.substances()
