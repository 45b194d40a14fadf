"""The one table of HTTP statuses, and error bodies of one shape everywhere."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, has_request_context, jsonify, request
from werkzeug.exceptions import HTTPException

from service.errors import (
    Conflict,
    DependencyUnavailable,
    Forbidden,
    NotFound,
    ServiceError,
    Unauthenticated,
    ValidationFailed,
)
from service.services.footprints.bom_schema import pointer_errors

STATUS: dict[type[ServiceError], int] = {
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    ValidationFailed: 422,
    DependencyUnavailable: 503,
}
HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    503: "dependency_unavailable",
}
log = logging.getLogger(__name__)


def error_response(
    status: int, code: str, message: str, errors: dict[str, list[str]] | None = None
) -> Response:
    """Return the error body of API.md with its status."""
    body = {"code": code, "status": status, "message": message, "errors": errors or {}}
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="gba-footprint"'
    return response


def _from_service(error: ServiceError) -> Response:
    return error_response(STATUS[type(error)], error.code, error.message, error.errors)


def from_http(error: HTTPException) -> Response:
    """Turn a werkzeug/webargs HTTP error into the shared error body."""
    status = error.code or 500
    data: dict[str, Any] = getattr(error, "data", None) or {}
    messages = data.get("messages") or {}
    errors: dict[str, list[str]] = {}
    for location, location_messages in messages.items():
        prefix = "" if location == "json" else f"/{location}"
        errors.update(pointer_errors(location_messages, prefix))
    if status == 400:
        message = "the request body is not valid JSON"
    elif status == 413:
        limit = request.max_content_length if has_request_context() else None
        size = f"{limit // (1024 * 1024)} MB" if limit else "the limit"
        message = f"the request body is larger than {size}"
    elif status == 422:
        message = "the request content is invalid"
    else:
        message = error.description or error.name
    return error_response(status, HTTP_CODES.get(status, "http_error"), message, errors)


def _unexpected(error: Exception) -> Response:
    log.exception("unhandled error", exc_info=error)
    return error_response(500, "internal_error", "an internal error occurred; it has been logged")


def register_error_handlers(app: Flask) -> None:
    """Install the handlers; no response ever carries a stack trace."""
    for cls in STATUS:
        app.register_error_handler(cls, _from_service)
    app.register_error_handler(HTTPException, from_http)
    app.register_error_handler(Exception, _unexpected)
