"""The Flask response of an error body, shared by the API and the probes (no API import)."""

from __future__ import annotations

from flask import Response, jsonify

from service.errors import error_body


def error_response(
    status: int, code: str, message: str, errors: dict[str, list[str]] | None = None
) -> Response:
    """Return the error body of API.md with its status."""
    response = jsonify(error_body(status, code, message, errors))
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="gba-footprint"'
    return response
