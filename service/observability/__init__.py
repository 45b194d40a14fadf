"""Operations: structured logs with request IDs, Prometheus metrics, health and readiness."""

from __future__ import annotations

from flask import Flask

from service.observability.logs import configure_logging
from service.observability.requests import register_request_hooks
from service.settings import Settings


def register_observability(app: Flask, settings: Settings) -> None:
    """Configure logging, request IDs, metrics and the probe endpoints (before anything else)."""
    from service.observability.views import blp

    configure_logging(settings.log_level, settings.log_format)
    register_request_hooks(app)
    app.register_blueprint(blp)
