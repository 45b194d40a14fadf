"""Synergy pages: compare two BOM versions of a product; the authorities' list of assessments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.domain.synergy import COVERAGE_GAP_WARNING
from service.services.footprints import synergy
from service.web import forms
from service.web.blueprint import web
from service.web.context import caller, db
from service.web.labels import CLASSIFICATIONS, POLLUTANTS, name_of, percent
from service.web.synergy_chart import quadrant_chart


def notes(body: dict[str, Any]) -> list[str]:
    """Return the assessment's warnings in the page's language (the API keeps English texts)."""
    pollutants = body["pollutants"]
    unknown = [k for k, p in pollutants.items() if None in p["coverage"].values()]
    uncovered = [
        name_of(POLLUTANTS, k) for k, p in pollutants.items() if p["classification"] is None
    ]
    differs = [
        name_of(POLLUTANTS, k)
        for k, p in pollutants.items()
        if None not in p["coverage"].values()
        and abs(Decimal(p["coverage"]["baseline"]) - Decimal(p["coverage"]["alternative"]))
        > COVERAGE_GAP_WARNING
    ]
    found = []
    if unknown:
        found.append(
            gettext(
                "Which pollutants the data covers was not recorded for at least one of the two "
                "calculations, so a gap in the data cannot be told apart from a real change."
            )
        )
    if uncovered:
        found.append(
            gettext(
                "Not covered by the data of at least one side, so not classified: %(names)s.",
                names=", ".join(uncovered),
            )
        )
    if differs:
        found.append(
            gettext(
                "Coverage differs by more than %(gap)s between the two sides for %(names)s: "
                "part of the change is a change in what was measured.",
                gap=percent(COVERAGE_GAP_WARNING, "1"),
                names=", ".join(differs),
            )
        )
    return found


@web.post("/products/<product_id>/synergy")
def compare_versions(product_id: str) -> ResponseReturnValue:
    """Compare the latest calculations of two BOM versions and show the assessment."""
    baseline, alternative = forms.synergy_pair(request.form)
    found = synergy.create_for_boms(db(), caller(), baseline, alternative)
    return redirect(url_for("web.synergy_assessment", assessment_id=found.id))


@web.get("/synergy/<assessment_id>")
def synergy_assessment(assessment_id: str) -> ResponseReturnValue:
    """Show an assessment: reductions, elasticities, classifications, the quadrant chart."""
    found = synergy.get(db(), caller(), assessment_id)
    return render_template(
        "web/synergy.html",
        assessment=found,
        body=(body := synergy.present(found)),
        notes=notes(body),
        quadrant_chart=quadrant_chart,
    )


@web.get("/synergy")
def synergy_list() -> ResponseReturnValue:
    """List the assessments of products the body certified, filtered by classification."""
    chosen = request.args.get("classification") or None
    if chosen not in (None, *CLASSIFICATIONS):
        chosen = None
    found = synergy.for_authority(db(), caller(), chosen)
    return render_template(
        "web/synergy_list.html",
        assessments=[(a, synergy.present(a)) for a in found],
        chosen=chosen,
    )


@web.get("/synergy.csv")
def synergy_csv() -> ResponseReturnValue:
    """Download the same list as CSV."""
    chosen = request.args.get("classification") or None
    if chosen not in (None, *CLASSIFICATIONS):
        chosen = None
    text = synergy.as_csv(synergy.for_authority(db(), caller(), chosen))
    headers = {"Content-Disposition": 'attachment; filename="synergy-assessments.csv"'}
    return Response(text, mimetype="text/csv", headers=headers)
