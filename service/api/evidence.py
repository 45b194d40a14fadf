"""Evidence uploads (PDF, images, CSV of meter readings) and their download."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView

from service.api.application_schemas import EvidenceSchema
from service.api.blueprint import MULTIPART, Blueprint
from service.api.context import caller, db
from service.api.workflow_schemas import EvidenceUploadSchema
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

    @blp.arguments(EvidenceUploadSchema, location=MULTIPART)
    @blp.response(201, EvidenceSchema)
    def post(self, form: dict[str, Any]) -> Any:
        """Upload a PDF, PNG, JPEG or CSV (at most 10 MB); returns its id and SHA-256."""
        upload = form["file"]
        return evidence.upload(
            db(), caller(), upload.filename or "", upload.read(), form.get("application_id")
        )


@blp.route("/<evidence_id>")
class EvidenceItem(MethodView):
    """Evidence metadata."""

    @blp.response(200, EvidenceSchema)
    def get(self, evidence_id: str) -> Any:
        """Read evidence metadata."""
        return evidence.visible_evidence(db(), caller(), evidence_id)


@blp.route("/<evidence_id>/content")
class EvidenceContent(MethodView):
    """Evidence content."""

    @blp.doc(
        responses={
            "200": {
                "description": "The file as uploaded (PDF, PNG, JPEG or CSV)",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    )
    def get(self, evidence_id: str) -> Response:
        """Download the evidence file as uploaded."""
        found = evidence.visible_evidence(db(), caller(), evidence_id)
        return file_response(found.content, found.content_type, found.filename, found.sha256)
