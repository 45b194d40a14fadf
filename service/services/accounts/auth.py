"""API tokens: issued once in clear, stored as SHA-256, resolved to a Caller."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from service.domain.ids import new_id
from service.errors import Unauthenticated, ValidationFailed
from service.persistence.models import ApiToken, User
from service.services.context import Caller, utc_now

_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")
TOKEN_PREFIX = "gba_"  # noqa: S105  (a public prefix that marks our tokens, not a secret)


def _digest(secret: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough (no password stretching needed).
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    """Hash a web password with scrypt (werkzeug's default KDF, RFC 7914)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            "password too short",
            {"/password": [f"must be at least {MIN_PASSWORD_LENGTH} characters"]},
        )
    return generate_password_hash(password, method="scrypt")


def sign_in(session: Session, email: str, password: str) -> Caller:
    """Return the caller whose email and password match, or raise Unauthenticated."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    # Check a hash even for an unknown email, so timing does not reveal which emails exist.
    stored = user.password_hash if user and user.password_hash else _DUMMY_HASH
    if not check_password_hash(stored, password) or user is None or not user.password_hash:
        raise Unauthenticated("wrong email or password")
    return caller_of(user)


def caller_of(user: User) -> Caller:
    """Return the Caller a user acts as."""
    return Caller(user.id, user.org_id, user.organisation.kind, user.role)


def caller_by_id(session: Session, user_id: str) -> Caller:
    """Return the Caller of a signed-in user id, or raise Unauthenticated."""
    user = session.get(User, user_id)
    if user is None:
        raise Unauthenticated("the session's user no longer exists")
    return caller_of(user)


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
    return caller_of(token.user)
