"""Per-request access to the app state, the database session and the caller."""

from __future__ import annotations

from typing import cast

from flask import g, request

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
        g.caller = authenticate(db(), token)
    return cast(Caller, g.caller)
