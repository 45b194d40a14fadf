"""Probes and metrics for load balancers, orchestrators and Prometheus (no API token)."""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from service.error_responses import error_response
from service.errors import error_body
from service.observability import metrics
from service.services.operations import health
from service.state import AppState

blp = Blueprint("observability", __name__)


def _redis_url(settings: Any) -> str | None:
    """Return the Redis URL to check when jobs run on Celery, else None (not required)."""
    if getattr(settings, "jobs_backend", None) != "celery":
        return None
    return str(getattr(settings, "redis_url", None) or "")


@blp.get("/healthz")
def healthz() -> Response:
    """Liveness: the process answers; no dependency is checked."""
    return jsonify({"status": "ok"})


@blp.get("/readyz")
def readyz() -> Response:
    """Readiness: 200 when the database, Redis (if needed) and the engine answer, else 503."""
    state: AppState = current_app.extensions["gba"]
    result = health.readiness(state.session_factory, state.runtime, _redis_url(state.settings))
    checks = {
        c.name: {"ok": c.ok, "duration_ms": c.duration_ms, "detail": c.detail}
        for c in result.checks
    }
    if result.ready:
        return jsonify({"ready": True, "checks": checks})
    body = error_body(
        503,
        "not_ready",
        f"not ready: {', '.join(result.failing)} failing",
        {f"/checks/{c.name}": [c.detail] for c in result.checks if not c.ok},
    )
    response = jsonify({**body, "ready": False, "checks": checks})
    response.status_code = 503
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.get("/metrics")
def metrics_view() -> Response:
    """Prometheus text exposition; with METRICS_TOKEN set, only for its bearer."""
    state: AppState = current_app.extensions["gba"]
    token = state.settings.metrics_token
    if token:
        scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(sent.strip(), token):
            return error_response(401, "unauthenticated", "a valid metrics token is required")
    content, content_type = metrics.exposition()
    return Response(content, content_type=content_type)
