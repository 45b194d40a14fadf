"""Per-request access for the pages: the database session, the LCA runtime, the signed-in caller."""

from __future__ import annotations

from typing import cast

from flask import g, session

from service.errors import Unauthenticated
from service.request_scope import db, issuer, runtime, state
from service.services.accounts.auth import caller_by_id
from service.services.context import Caller

USER_KEY = "user_id"
EMAIL_KEY = "email"
ROLE_KEY = "role"  # for the navigation only; every page asks the database who the caller is

__all__ = ["caller", "db", "forget", "issuer", "remember", "runtime", "signed_in", "state"]


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
