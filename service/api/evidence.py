"""Evidence uploads (PDF, images, CSV of meter readings) and their download."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from service.api.context import caller, db
from service.api.presenters import evidence_body
from service.api.workflow_schemas import EvidenceFileSchema, EvidenceFormSchema
from service.downloads import file_response
from service.services.certification import evidence

blp = Blueprint("evidence", __name__, url_prefix="/api/v1/evidence", description="Evidence")


@blp.before_request
def _larger_bodies() -> None:
    # Evidence files may be up to 10 MB (plus multipart overhead); other bodies stay at 2 MB.
    request.max_content_length = evidence.MAX_EVIDENCE_BYTES + 64 * 1024


@blp.route("")
class EvidenceUpload(MethodView):
    """Uploading evidence."""

    @blp.arguments(EvidenceFormSchema, location="form")
    @blp.arguments(EvidenceFileSchema, location="files")
    @blp.response(201)
    def post(self, form: dict[str, Any], files: dict[str, Any]) -> Any:
        """Upload a PDF, PNG, JPEG or CSV (at most 10 MB); returns its id and SHA-256."""
        upload = files["file"]
        stored = evidence.upload(
            db(), caller(), upload.filename or "", upload.read(), form.get("application_id")
        )
        return evidence_body(stored)


@blp.route("/<evidence_id>")
class EvidenceItem(MethodView):
    """Evidence metadata."""

    @blp.response(200)
    def get(self, evidence_id: str) -> Any:
        """Read evidence metadata."""
        return evidence_body(evidence.visible_evidence(db(), caller(), evidence_id))


@blp.route("/<evidence_id>/content")
class EvidenceContent(MethodView):
    """Evidence content."""

    def get(self, evidence_id: str) -> Response:
        """Download the evidence file as uploaded."""
        found = evidence.visible_evidence(db(), caller(), evidence_id)
        return file_response(found.content, found.content_type, found.filename, found.sha256)
