"""The API's answers to passing faults: 503 while the database is away, 429 when a rate
limit is exhausted, each with Retry-After (service/outages.py, service/rate_limits.py)."""

from __future__ import annotations

import logging

from flask import Flask, Response

from service.error_responses import error_response
from service.outages import DATABASE_FAULTS, MESSAGE, RETRY_AFTER_S
from service.rate_limits import RateLimited

log = logging.getLogger(__name__)


def database_unavailable(error: Exception) -> Response:
    """503 dependency_unavailable with Retry-After."""
    log.warning("database unavailable: %s", type(error).__name__)
    response = error_response(503, "dependency_unavailable", MESSAGE)
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def rate_limited(error: RateLimited) -> Response:
    """429 rate_limited with Retry-After."""
    response = error_response(429, "rate_limited", error.description or "too many requests")
    response.headers["Retry-After"] = str(error.retry_after_s)
    return response


def register_fault_responses(app: Flask) -> None:
    """Install the handlers app-wide (the pages' blueprint answers its own first)."""
    for fault in DATABASE_FAULTS:
        app.register_error_handler(fault, database_unavailable)
    app.register_error_handler(RateLimited, rate_limited)
