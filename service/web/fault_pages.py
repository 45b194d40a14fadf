"""The pages' answers to passing faults: the 503 page while the database is away, the 429
page when a rate limit is exhausted, each with Retry-After."""

from __future__ import annotations

import logging

from flask import Response, make_response

from service.outages import RETRY_AFTER_S
from service.rate_limits import RateLimited
from service.web.errors import error_page

log = logging.getLogger(__name__)


def database_unavailable_page(error: Exception) -> Response:
    """The 503 page with Retry-After."""
    log.warning("database unavailable on a page: %s", type(error).__name__)
    response = make_response(error_page(503))
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def rate_limited_page(error: Exception) -> Response:
    """The 429 page with Retry-After."""
    response = make_response(error_page(429))
    retry = error.retry_after_s if isinstance(error, RateLimited) else RETRY_AFTER_S
    response.headers["Retry-After"] = str(retry)
    return response
