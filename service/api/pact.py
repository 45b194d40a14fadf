"""The PACT v3 host API under /pact (Technical Specifications for PCF Data Exchange v3).

Its own error bodies (`{"code": "NotFound", "message": ...}`, OAuth errors on the token
endpoint) follow the PACT specification and RFC 6749, not the service's /api/v1 shape.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from service.domain.pact_query import QueryError, parse_page, parse_query
from service.jobs import enqueue
from service.request_scope import db, issuer, state
from service.services import pact
from service.services.pact.extension_schema import EXTENSION_SCHEMA

blp = Blueprint("pact", __name__, url_prefix="/pact")

# PACT error code -> HTTP status (TS v3, "API error handling").
PACT_STATUS: dict[type[pact.PactError], int] = {
    pact.BadRequest: 400,
    pact.InvalidToken: 401,
    pact.TokenExpired: 401,
    pact.AccessDenied: 403,
    pact.NotFound: 404,
}
_HTTP_CODES = {400: "BadRequest", 401: "BadRequest", 403: "AccessDenied", 404: "NotFound"}
MAX_EVENT_DEPTH = 32


def pact_error(status: int, code: str, message: str) -> Response:
    """Return a PACT `Error` body with its status."""
    response = jsonify({"code": code, "message": message})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="pact"'
    return response


@blp.errorhandler(pact.PactError)
def _pact_error(error: pact.PactError) -> Response:
    return pact_error(PACT_STATUS[type(error)], error.code, error.message)


@blp.errorhandler(pact.OAuthError)
def _oauth_error(error: pact.OAuthError) -> Response:
    # RFC 6749 section 5.2: invalid_client is 401 with a challenge, the others 400.
    response = jsonify({"error": error.error, "error_description": error.description})
    response.status_code = 401 if error.error == "invalid_client" else 400
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="pact"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    code = _HTTP_CODES.get(status, "InternalError" if status >= 500 else "BadRequest")
    return pact_error(status, code, error.description or error.name)


@blp.before_request
def _https_only() -> None:
    """Plain HTTP returns no data in production (TLS ends at the balancer, which says so)."""
    if state().settings.environment == "production" and not request.is_secure:
        raise pact.AccessDenied("HTTPS is required")


def _client() -> Any:
    return pact.authenticate(db(), request.headers.get("Authorization"))


def _base_url() -> str:
    """The base URL exactly as the client used it (scheme, host and port of its request)."""
    return f"{request.url_root.rstrip('/')}{blp.url_prefix}"


@blp.post("/auth/token")
def token() -> Any:
    """Exchange client credentials for an access token (RFC 6749 section 4.4)."""
    if request.mimetype != "application/x-www-form-urlencoded":
        raise pact.OAuthError("invalid_request", "use application/x-www-form-urlencoded")
    basic = request.authorization
    if basic is not None and basic.type == "basic":
        client_id, secret = basic.username, basic.password
    else:
        client_id, secret = request.form.get("client_id"), request.form.get("client_secret")
    issued = pact.issue_token(db(), client_id, secret, request.form.get("grant_type"))
    response = jsonify(
        {
            "access_token": issued.access_token,
            "token_type": "Bearer",
            "expires_in": issued.expires_in,
        }
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


@blp.get("/.well-known/openid-configuration")
def openid_configuration() -> Any:
    """Name the token endpoint (OpenID Connect Discovery 1.0, the fields PACT needs)."""
    base = _base_url()
    return jsonify(
        {
            "issuer": base,
            "token_endpoint": f"{base}/auth/token",
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "response_types_supported": ["token"],
        }
    )


@blp.get("/3/footprints")
def list_footprints() -> Any:
    """Action ListFootprints: filters, newest first, `Link` to the next page."""
    client = _client()
    args = request.args.to_dict(flat=False)
    try:
        query, (offset, limit) = parse_query(args), parse_page(args)
    except QueryError as error:
        raise pact.BadRequest(f"{error.parameter} {error.message}") from None
    page, more = pact.list_footprints(db(), client, issuer(), query, offset, limit)
    response = jsonify({"data": page})
    if more:
        following = {k: v for k, v in args.items() if k not in ("offset", "limit")}
        following |= {"offset": [str(offset + limit)], "limit": [str(limit)]}
        link = f"{_base_url()}/3/footprints?{urlencode(following, doseq=True)}"
        response.headers["Link"] = f'<{link}>; rel="next"'
    return response


@blp.get("/3/footprints/<pf_id>")
def get_footprint(pf_id: str) -> Any:
    """Action GetFootprint."""
    client = _client()
    return jsonify({"data": pact.get_footprint(db(), client, issuer(), pf_id)})


def _depth(value: Any, limit: int) -> int:
    """How deep a parsed JSON value nests (stops counting past the limit)."""
    stack, deepest = [(value, 1)], 1
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > limit:
            break
        children = item.values() if isinstance(item, dict) else item
        if not isinstance(item, dict | list):
            children = ()
        stack.extend((child, level + 1) for child in children)
    return deepest


@blp.post("/3/events")
def events() -> Any:
    """Action Events: accept a CloudEvent; a request is answered later at its source."""
    client = _client()
    if request.mimetype not in ("application/cloudevents+json", "application/json"):
        raise pact.BadRequest("the body must be application/cloudevents+json")
    try:
        body = json.loads(request.get_data(cache=False))
    except (ValueError, RecursionError):
        raise pact.BadRequest("the body is not valid JSON") from None
    if _depth(body, MAX_EVENT_DEPTH) > MAX_EVENT_DEPTH:
        raise pact.BadRequest(f"the body nests deeper than {MAX_EVENT_DEPTH} levels")
    job = pact.receive_event(db(), client, body)
    if job is not None:
        enqueue(current_app, job.id)
    return Response(status=200)


@blp.get("/extensions/gba-label/1.0.0/schema.json")
def extension_schema() -> Any:
    """The JSON Schema of the data-model extension carrying the signed label."""
    return jsonify(EXTENSION_SCHEMA)


@blp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def unknown(rest: str) -> Any:
    """Anything else under /pact answers with a PACT `NotFound` body."""
    raise pact.NotFound(f"no PACT endpoint /pact/{rest[:100]}")
