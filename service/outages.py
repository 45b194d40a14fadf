"""A database that cannot be reached answers 503 dependency_unavailable with Retry-After.

While PostgreSQL restarts (or SQLite stays locked past the busy timeout) every query fails
with a connection error; that is a passing fault of a dependency, not a bug, so clients are
told to come back (RFC 9110 Retry-After) instead of getting a 500. Connections that died
while pooled are caught before use by pool_pre_ping (service/persistence/database.py), which
reconnects once: the one retry that is always safe, since nothing was sent yet.
"""

from __future__ import annotations

import logging

from flask import Flask, make_response, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from service.api.errors import error_response
from service.web.errors import error_page

# Seconds a client should wait: about what a PostgreSQL restart or failover takes.
RETRY_AFTER_S = 5
DATABASE_FAULTS = (OperationalError, InterfaceError, PoolTimeout)
MESSAGE = "the database is unavailable; try again shortly"
log = logging.getLogger(__name__)


def database_unavailable(error: Exception) -> ResponseReturnValue:
    """Answer a database fault with 503 and Retry-After (JSON for the API, a page otherwise)."""
    log.warning("database unavailable: %s", type(error).__name__)
    if request.path.startswith("/api/") or not request.accept_mimetypes.accept_html:
        response = error_response(503, "dependency_unavailable", MESSAGE)
    else:
        response = make_response(error_page(503))
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def register_outage_handlers(app: Flask) -> None:
    """Install the handler for the API and the probes (the pages' blueprint installs its own,
    service/web/blueprint.py: its catch-all handler is consulted before the app's)."""
    for fault in DATABASE_FAULTS:
        app.register_error_handler(fault, database_unavailable)
