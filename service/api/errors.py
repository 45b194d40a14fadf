"""Error answers of the API: one body shape (service.errors.error_body) for every error.

A use case's error carries its own status and code (service/errors.py), so a new subclass of
`NotFound` answers 404 with no table to update; werkzeug's HTTP errors get the same body.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, has_request_context, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from service.error_responses import error_response
from service.errors import ServiceError
from service.services.footprints.bom_schema import pointer_errors

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


class ErrorSchema(Schema):
    """The one error body of API.md (service.errors.error_body), for every non-2xx answer."""

    code = fields.String(required=True, metadata={"example": "not_found"})
    status = fields.Integer(required=True, metadata={"example": 404})
    message = fields.String(required=True, metadata={"example": "no label GBA-X"})
    errors = fields.Dict(
        keys=fields.String(metadata={"description": "a JSON pointer into the request"}),
        values=fields.List(fields.String()),
        required=True,
        metadata={"example": {"/sku": ["already used"]}},
    )


def _from_service(error: ServiceError) -> Response:
    return error_response(error.status, error.code, error.message, error.errors)


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
    app.register_error_handler(ServiceError, _from_service)
    app.register_error_handler(HTTPException, from_http)
    app.register_error_handler(Exception, _unexpected)
