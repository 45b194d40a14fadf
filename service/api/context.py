"""Per-request access to the app state, the database session and the caller."""

from __future__ import annotations

from typing import cast

from flask import Flask, current_app, g, request
from sqlalchemy.orm import Session

from service.services.auth import authenticate
from service.services.context import Caller, IssuerConfig, LcaRuntime
from service.state import AppState


def state() -> AppState:
    """Return the app's long-lived collaborators."""
    return cast(AppState, current_app.extensions["gba"])


def db() -> Session:
    """Return this request's session, opening it on first use."""
    if "db" not in g:
        g.db = state().session_factory()
    return cast(Session, g.db)


def runtime() -> LcaRuntime:
    """Return the LCA runtime."""
    return state().runtime


def issuer() -> IssuerConfig:
    """Return what issuing and verifying labels needs."""
    return state().issuer


def caller() -> Caller:
    """Return the authenticated caller of this request, or raise Unauthenticated."""
    if "caller" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, secret = header.partition(" ")
        token = secret.strip() if scheme.lower() == "bearer" else None
        g.caller = authenticate(db(), token)
    return cast(Caller, g.caller)


def close_session(_error: BaseException | None) -> None:
    """Close this request's session; anything uncommitted is rolled back."""
    session = g.pop("db", None)
    if session is not None:
        session.close()


def register_request_context(app: Flask) -> None:
    """Tie the session's life to the request's."""
    app.teardown_appcontext(close_session)
