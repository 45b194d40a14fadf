"""Per-request access for the pages: the database session, the LCA runtime, the signed-in caller."""

from __future__ import annotations

from typing import cast

from flask import current_app, g, session
from sqlalchemy.orm import Session

from service.errors import Unauthenticated
from service.services.auth import caller_by_id
from service.services.context import Caller, IssuerConfig, LcaRuntime
from service.state import AppState

USER_KEY = "user_id"
EMAIL_KEY = "email"
ROLE_KEY = "role"  # for the navigation only; every page asks the database who the caller is


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
    """Return how this service issues labels."""
    return state().issuer


def signed_in() -> bool:
    """Tell whether the browser's session cookie names a user."""
    return USER_KEY in session


def caller() -> Caller:
    """Return the signed-in caller, or raise Unauthenticated (the pages then ask to sign in)."""
    if "web_caller" not in g:
        user_id = session.get(USER_KEY)
        if not isinstance(user_id, str):
            raise Unauthenticated("sign in first")
        g.web_caller = caller_by_id(db(), user_id)
    return cast(Caller, g.web_caller)


def remember(signed: Caller, email: str) -> None:
    """Start a fresh cookie session for a user who has just signed in."""
    session.clear()
    session[USER_KEY] = signed.user_id
    session[EMAIL_KEY] = email.strip().lower()
    session[ROLE_KEY] = signed.role
    g.web_caller = signed


def forget() -> None:
    """End the cookie session."""
    session.clear()
    g.pop("web_caller", None)


def close_session(_error: BaseException | None) -> None:
    """Close this request's database session; anything uncommitted is rolled back."""
    opened = g.pop("db", None)
    if opened is not None:
        opened.close()
