"""API tokens: issued once in clear, stored as SHA-256, resolved to a Caller."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.errors import Unauthenticated
from service.persistence.models import ApiToken, User
from service.services.context import Caller, utc_now

TOKEN_PREFIX = "gba_"  # noqa: S105  (a public prefix that marks our tokens, not a secret)


def _digest(secret: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough (no password stretching needed).
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: User) -> str:
    """Create a token for user, commit, and return its secret (shown only once)."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            id=new_id("token"),
            user_id=user.id,
            token_sha256=_digest(secret),
            created_at=utc_now(),
            revoked_at=None,
        )
    )
    session.commit()
    return secret


def authenticate(session: Session, secret: str | None) -> Caller:
    """Return the caller a bearer token belongs to, or raise Unauthenticated."""
    if not secret:
        raise Unauthenticated("send an API token as 'Authorization: Bearer <token>'")
    token = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == _digest(secret)))
    if token is None or token.revoked_at is not None:
        raise Unauthenticated("the API token is not valid")
    user = token.user
    return Caller(user.id, user.org_id, user.organisation.kind, user.role)
