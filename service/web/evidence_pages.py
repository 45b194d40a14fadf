"""Evidence on the application pages: the manufacturer uploads, both sides download."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.downloads import file_response
from service.errors import ValidationFailed
from service.services.certification import evidence
from service.web.blueprint import web
from service.web.context import caller, db


@web.post("/applications/<application_id>/evidence")
def upload_evidence(application_id: str) -> ResponseReturnValue:
    """Store a PDF, PNG, JPEG or CSV file (at most 10 MB) as evidence of the application."""
    file = request.files.get("file")
    if file is None or not file.filename:
        raise ValidationFailed("choose a file", {"/file": ["choose a PDF, PNG, JPEG or CSV file"]})
    stored = evidence.upload(db(), caller(), file.filename, file.read(), application_id)
    flash(gettext("Evidence %(file)s stored.", file=stored.filename), "success")
    return redirect(url_for("web.application", application_id=application_id) + "#evidence")


@web.get("/evidence/<evidence_id>")
def download_evidence(evidence_id: str) -> ResponseReturnValue:
    """Download an evidence file the caller may see (another organisation's: 404)."""
    found = evidence.visible_evidence(db(), caller(), evidence_id)
    return file_response(found.content, found.content_type, found.filename, found.sha256)
