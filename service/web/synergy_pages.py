"""Synergy pages: compare two BOM versions of a product; the authorities' list of assessments."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from service.services.footprints import synergy
from service.web import forms
from service.web.blueprint import web
from service.web.context import caller, db
from service.web.labels import CLASSIFICATIONS
from service.web.synergy_chart import quadrant_chart


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
        body=synergy.present(found),
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
