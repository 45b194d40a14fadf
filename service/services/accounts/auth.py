"""API tokens: issued once in clear, stored as SHA-256, resolved to a Caller."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
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
    if user.disabled_at is not None:
        raise Unauthenticated("wrong email or password")  # says no more than a wrong password
    return caller_of(user)


def caller_of(user: User) -> Caller:
    """Return the Caller a user acts as."""
    return Caller(user.id, user.org_id, user.organisation.kind, user.role)


def caller_by_id(session: Session, user_id: str, generation: int = 0) -> Caller:
    """Return the Caller of a web session (user id and the generation it began in), or raise
    Unauthenticated when the user is gone or disabled or the session was ended since."""
    user = session.get(User, user_id)
    if user is None or user.disabled_at is not None:
        raise Unauthenticated("the session's user no longer exists")
    if user.session_generation != generation:
        raise Unauthenticated("the session has ended")
    return caller_of(user)


def session_generation(session: Session, user_id: str) -> int:
    """Return the generation a session beginning now carries."""
    user = session.get(User, user_id)
    return 0 if user is None else user.session_generation


def end_sessions(session: Session, user_id: str) -> None:
    """End every web session of a user (sign-out, password change, disabling); commits."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_generation += 1
        session.commit()


# A token's life unless its creator says otherwise: a year, so that forgotten tokens end.
TOKEN_DAYS = 365
# How stale a token's last-used time may get: recording every use would make every API
# request a write.
LAST_USED_PRECISION = timedelta(minutes=15)


def issue_token(
    session: Session, user: User, name: str | None = None, days: int | None = TOKEN_DAYS
) -> str:
    """Create a token for user, commit, and return its secret (shown only once).

    days: how long it works (None: until revoked).
    """
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utc_now()
    session.add(
        ApiToken(
            id=new_id("token"),
            user_id=user.id,
            token_sha256=_digest(secret),
            created_at=now,
            revoked_at=None,
            name=name,
            expires_at=None if days is None else now + timedelta(days=days),
            last_used_at=None,
        )
    )
    session.commit()
    return secret


def authenticate(session: Session, secret: str | None) -> Caller:
    """Return the caller a bearer token belongs to, or raise Unauthenticated."""
    if not secret:
        raise Unauthenticated("send an API token as 'Authorization: Bearer <token>'")
    token = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == _digest(secret)))
    if token is None or token.revoked_at is not None or token.user.disabled_at is not None:
        raise Unauthenticated("the API token is not valid")
    now = utc_now()
    if token.expires_at is not None and now >= token.expires_at:
        raise Unauthenticated("the API token has expired")
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        _record_use(session, token.id, now)
    return caller_of(token.user)


def _record_use(session: Session, token_id: str, now: datetime) -> None:
    """Note when a token was used, in a transaction of its own (best effort)."""
    session.commit()  # nothing is pending yet: the token is the request's first read
    try:
        session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
        session.commit()
    except OperationalError:  # e.g. SQLite busy with another writer: the next use records it
        session.rollback()
