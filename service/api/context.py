"""Per-request access to the app state, the database session and the caller."""

from __future__ import annotations

from typing import cast

from flask import g, request

from service.errors import Unauthenticated
from service.rate_limits import client_address, limits
from service.request_scope import db, issuer, runtime, state
from service.services.accounts.auth import authenticate
from service.services.context import Caller

__all__ = ["caller", "db", "issuer", "runtime", "state"]


def caller() -> Caller:
    """Return the authenticated caller of this request, or raise Unauthenticated."""
    if "caller" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, secret = header.partition(" ")
        token = secret.strip() if scheme.lower() == "bearer" else None
        if token:
            limits().check("bad_token", client_address())
        try:
            g.caller = authenticate(db(), token)
        except Unauthenticated:
            if token:
                limits().hit("bad_token", client_address())
            raise
    return cast(Caller, g.caller)
