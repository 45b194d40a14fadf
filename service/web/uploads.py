"""Size limits of the pages' uploads, applied before any form is read (and CSRF checked)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.services.certification.evidence import MAX_EVIDENCE_BYTES

# Evidence files may be up to 10 MB, plus the form's multipart overhead; other bodies 2 MB.
EVIDENCE_ENDPOINT = "web.upload_evidence"
MAX_EVIDENCE_REQUEST = MAX_EVIDENCE_BYTES + 64 * 1024


def upload_limits() -> ResponseReturnValue | None:
    """Let evidence uploads be larger; refuse a too large one with a message, not a 413 page."""
    if request.endpoint != EVIDENCE_ENDPOINT:
        return None
    if (request.content_length or 0) > MAX_EVIDENCE_REQUEST:
        flash(gettext("The file is too large: evidence may be at most 10 MB."), "error")
        target = url_for("web.application", **(request.view_args or {}))
        return redirect(target + "#evidence")
    request.max_content_length = MAX_EVIDENCE_REQUEST
    return None
