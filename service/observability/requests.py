"""Per-request observability: the request ID, one log line and latency per request."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import cast

from flask import Flask, Response, g, request

from service.observability import metrics

HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"[A-Za-z0-9._:=+/@-]{1,100}")
# Probes and scrapes come every few seconds from every balancer and scraper: log them at DEBUG.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
log = logging.getLogger("service.requests")


def valid_request_id(value: str | None) -> str | None:
    """Return value if it is 1-100 safe characters, else None."""
    return value if value is not None and _SAFE_ID.fullmatch(value) else None


def request_id() -> str:
    """Return this request's ID: the caller's X-Request-ID if valid, else a new one."""
    if "request_id" not in g:
        g.request_id = valid_request_id(request.headers.get(HEADER)) or uuid.uuid4().hex
    return cast(str, g.request_id)


def _start() -> None:
    request_id()
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    started = cast(float, g.get("request_started", time.perf_counter()))
    seconds = time.perf_counter() - started
    endpoint = request.endpoint or "unmatched"
    response.headers[HEADER] = request_id()
    metrics.observe_request(endpoint, response.status_code, seconds)
    if endpoint == metrics.VERIFICATION_ENDPOINT and request.method == "POST":
        metrics.count_verification(response.status_code, response.get_json(silent=True))
    level = logging.DEBUG if request.path in QUIET_PATHS else logging.INFO
    log.log(
        level,
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,  # never the query string: it may carry secrets
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 3),
        },
    )
    return response


def register_request_hooks(app: Flask) -> None:
    """Run first before every request, and log and measure every response."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
