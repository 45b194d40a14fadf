"""HTTP responses for stored files: one place for the download headers of API and pages."""

from __future__ import annotations

from io import BytesIO

from flask import Response, send_file


def file_response(content: bytes, mimetype: str, filename: str, sha256: str) -> Response:
    """Return a private, non-sniffable attachment (RFC 6266 filename* for non-ASCII names)."""
    response = send_file(
        BytesIO(content),
        mimetype=mimetype,
        as_attachment=True,
        download_name=filename,
        etag=sha256,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Digest"] = f"sha-256={sha256}"
    return response
