"""Security headers on every response: what a browser may load, frame, sniff and send.

The pages load scripts and styles only from this service's own static files (no inline
script or style: tests/service/test_security_headers.py checks the templates), so the
Content-Security-Policy allows 'self' only; nothing may frame them (a decision form in a
frame could be clicked through). Swagger UI (/api/docs), a developer tool holding no data of
anyone, starts with an inline script and styles itself inline: it alone gets 'unsafe-inline'.
HSTS is set by the TLS-terminating load balancer (deploy/README.md), not here.
"""

from __future__ import annotations

from flask import Flask, Response, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP level 2
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def add_security_headers(response: Response) -> Response:
    """Set the headers, keeping any a view set on purpose."""
    docs = request.path == "/api/docs" or request.path.startswith("/api/docs/")
    response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def register_security_headers(app: Flask) -> None:
    """Add the headers to every response of the app."""
    app.after_request(add_security_headers)
