"""API tokens of the users: listing, creating and revoking them (CLI and portal alike)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.errors import Conflict, NotFound
from service.persistence.models import ApiToken, User
from service.services.accounts.auth import TOKEN_DAYS, issue_token
from service.services.context import utc_now


def describe(token: ApiToken) -> dict[str, Any]:
    """Return what may be shown of a token (never its secret or digest)."""
    now = utc_now()
    if token.revoked_at is not None:
        state = "revoked"
    elif token.expires_at is not None and now >= token.expires_at:
        state = "expired"
    else:
        state = "active"
    return {
        "id": token.id,
        "email": token.user.email,
        "name": token.name,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "state": state,
    }


def list_tokens(session: Session, email: str | None = None) -> list[dict[str, Any]]:
    """Return every token (of one user, if email is given), newest first."""
    query = select(ApiToken).join(User, User.id == ApiToken.user_id)
    if email is not None:
        query = query.where(User.email == email.strip().lower())
    return [describe(t) for t in session.scalars(query.order_by(ApiToken.created_at.desc()))]


def create_token(session: Session, email: str, name: str, days: int | None = TOKEN_DAYS) -> str:
    """Issue a named token for a user and return its secret (shown once)."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"no user {email}")
    return issue_token(session, user, name=name, days=days)


def revoke_token(session: Session, token_id: str) -> dict[str, Any]:
    """Revoke a token at once; it never works again."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"no token {token_id}")
    if token.revoked_at is not None:
        raise Conflict(f"token {token_id} is already revoked")
    token.revoked_at = utc_now()
    session.commit()
    return describe(token)
