"""The HTTP API under /api/v1, documented by flask-smorest at /api/openapi.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, request, send_from_directory
from flask.typing import ResponseReturnValue
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from service.api.context import caller
from service.api.errors import ErrorSchema, from_http, register_error_handlers
from service.request_scope import register_request_scope

SPEC = {
    "API_TITLE": "GBA carbon footprint labelling service",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    # Swagger UI's assets ship with the swagger-ui-bundle package: nothing is fetched at run time.
    "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
    "API_SPEC_OPTIONS": {
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "info": {
            "description": "Product carbon footprints (IPCC AR6 GWP100, ISO 14067 / "
            "GB/T 24067-2024) with co-emitted air pollutants. Quantities are decimal strings."
        },
    },
}


class ServiceApi(Api):  # type: ignore[misc]
    """flask-smorest's Api with the service's one error body shape."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException) -> ResponseReturnValue:
        return from_http(error)


def _swagger_assets() -> Blueprint:
    import swagger_ui_bundle

    folder = Path(swagger_ui_bundle.swagger_ui_path)
    assets = Blueprint("swagger_assets", __name__)

    @assets.route("/api/docs/assets/<path:filename>")
    def asset(filename: str) -> Any:
        return send_from_directory(folder, filename)

    return assets


def register_api(app: Flask) -> None:
    """Register every API blueprint, the docs and the error handlers."""
    from service.api import (
        applications,
        boms,
        calculations,
        did_documents,
        evidence,
        jobs,
        label_admin,
        library,
        library_imports,
        products,
        public,
        synergy,
    )

    app.config.update(SPEC)
    api = ServiceApi(app)
    for module in (
        library,
        products,
        boms,
        calculations,
        applications,
        evidence,
        label_admin,
        public,
        jobs,
        library_imports,
        synergy,
    ):
        api.register_blueprint(module.blp)
    app.register_blueprint(did_documents.blp)
    app.register_blueprint(_swagger_assets())
    register_request_scope(app)
    register_error_handlers(app)
    app.before_request(_authenticate_first)


# Blueprints anyone may call without a token: public verification of labels.
PUBLIC_BLUEPRINTS = frozenset({"public", "did_documents"})


def _authenticate_first() -> None:
    """Answer 401 before looking at a body, so no one learns the API's rules without a token."""
    if request.url_rule is None:
        return  # no such endpoint: routing answers 404 or 405
    if request.path.startswith("/api/v1/") and request.blueprint not in PUBLIC_BLUEPRINTS:
        caller()
