"""What every request of the API and the pages shares: app state and one database session."""

from __future__ import annotations

from typing import cast

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from service.services.context import IssuerConfig, LcaRuntime, bind_clock, unbind_clock
from service.state import AppState


def state() -> AppState:
    """Return the app's long-lived collaborators."""
    return cast(AppState, current_app.extensions["gba"])


def db() -> Session:
    """Return this request's database session, opening it on first use."""
    if "db" not in g:
        g.db = state().session_factory()
    return cast(Session, g.db)


def runtime() -> LcaRuntime:
    """Return the LCA runtime."""
    return state().runtime


def issuer() -> IssuerConfig:
    """Return what issuing and verifying labels needs."""
    return state().issuer


def close_session(_error: BaseException | None) -> None:
    """Close this request's session; anything uncommitted is rolled back."""
    opened = g.pop("db", None)
    if opened is not None:
        opened.close()


def bind_app_clock() -> None:
    """Let the use cases of this request read the app's clock (AppState.clock)."""
    g.clock_token = bind_clock(state().clock)


def unbind_app_clock(_error: BaseException | None) -> None:
    """Unbind the request's clock, so nothing after it reads a clock it did not choose."""
    token = g.pop("clock_token", None)
    if token is not None:
        unbind_clock(token)


def register_request_scope(app: Flask) -> None:
    """Tie the session's and the clock's life to the request's (API and pages alike)."""
    app.before_request(bind_app_clock)
    app.teardown_request(unbind_app_clock)
    app.teardown_appcontext(close_session)
