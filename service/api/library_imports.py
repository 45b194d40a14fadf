"""Import reports of library versions imported from unit-process databases."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from service.api.blueprint import Blueprint
from service.api.context import caller, db
from service.api.library_import_schemas import ImportReportSchema
from service.services.library import imports

blp = Blueprint(
    "library_imports",
    __name__,
    url_prefix="/api/v1/library-versions",
    description="Import reports of library versions",
)


@blp.route("/<version>/import-report")
class ImportReport(MethodView):
    """What an import read, linked, cut off, dropped and converted."""

    @blp.response(200, ImportReportSchema)
    def get(self, version: str) -> Any:
        """Counts, co-products, producers chosen, unit conversions (admins and certifiers)."""
        return imports.import_report(db(), caller(), version)


@blp.route("/<version>/import-report/cutoffs.csv")
class ImportCutoffs(MethodView):
    """The inputs an import cut off."""

    @blp.response(200, {"type": "string"}, content_type="text/csv")
    def get(self, version: str) -> Any:
        """One row per input cut off (admins and certifiers)."""
        text = imports.import_cutoffs_csv(db(), caller(), version)
        name = version.replace('"', "")
        headers = {"Content-Disposition": f'attachment; filename="cutoffs-{name}.csv"'}
        return Response(text, mimetype="text/csv", headers=headers)
