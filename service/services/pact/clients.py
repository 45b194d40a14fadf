"""Buyers' OAuth2 clients of one manufacturer, and access tokens (RFC 6749 section 4.4)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.domain.roles import OrgKind, Role
from service.errors import Forbidden, NotFound, ValidationFailed
from service.persistence.models import Organisation
from service.persistence.pact import PactClient, PactToken
from service.services.context import Caller, utc_now
from service.services.pact.errors import InvalidToken, OAuthError, TokenExpired

# Access tokens live one hour (the issue; PACT's own examples use expires_in 3600).
TOKEN_LIFETIME = timedelta(hours=1)
# Expired tokens are kept a day so that their holders hear `TokenExpired`, not `BadRequest`.
EXPIRED_TOKENS_KEPT = timedelta(days=1)
SECRET_BYTES = 32


@dataclass(frozen=True)
class IssuedToken:
    """An access token as the token endpoint returns it."""

    access_token: str
    expires_in: int


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def create_client(session: Session, org_id: str, name: str) -> tuple[PactClient, str]:
    """Register a buyer's client for a manufacturer; return it and its secret (shown once)."""
    org = session.get(Organisation, org_id)
    if org is None or org.kind != OrgKind.MANUFACTURER:
        raise NotFound(f"no manufacturer {org_id}")
    name = name.strip()
    if not name or len(name) > 200:
        raise ValidationFailed("bad client name", {"/name": ["must be 1 to 200 characters"]})
    secret = secrets.token_urlsafe(SECRET_BYTES)
    client = PactClient(
        id=new_id("pact_client"),
        org_id=org.id,
        name=name,
        secret_sha256=_sha256(secret),
        created_at=utc_now(),
        revoked_at=None,
    )
    session.add(client)
    session.commit()
    return client, secret


def _own_manufacturer(caller: Caller) -> None:
    if caller.role != Role.MANUFACTURER:
        raise Forbidden("only a manufacturer manages who may read its footprints")


def create_own_client(session: Session, caller: Caller, name: str) -> tuple[PactClient, str]:
    """A manufacturer registers a buyer's client for itself; returns the secret once."""
    _own_manufacturer(caller)
    return create_client(session, caller.org_id, name)


def list_clients(session: Session, caller: Caller) -> list[PactClient]:
    """Return the manufacturer's clients, newest first (revoked ones too)."""
    _own_manufacturer(caller)
    query = select(PactClient).where(PactClient.org_id == caller.org_id)
    return list(session.scalars(query.order_by(PactClient.created_at.desc())))


def revoke_client(session: Session, caller: Caller, client_id: str) -> PactClient:
    """Revoke one of the manufacturer's clients: its tokens stop working at once."""
    _own_manufacturer(caller)
    client = session.get(PactClient, client_id)
    if client is None or client.org_id != caller.org_id:
        raise NotFound(f"no client {client_id}")
    if client.revoked_at is None:
        client.revoked_at = utc_now()
        session.execute(delete(PactToken).where(PactToken.client_id == client.id))
    session.commit()
    return client


def issue_token(
    session: Session, client_id: str | None, secret: str | None, grant_type: str | None
) -> IssuedToken:
    """Exchange client credentials for an access token, or raise OAuthError."""
    if grant_type != "client_credentials":
        if not grant_type:
            raise OAuthError("invalid_request", "grant_type is required")
        raise OAuthError("unsupported_grant_type", "only client_credentials is supported")
    client = session.get(PactClient, client_id) if client_id and len(client_id) <= 40 else None
    expected = client.secret_sha256 if client is not None else _sha256("")
    # Compare in constant time whether or not the client exists.
    good = hmac.compare_digest(expected, _sha256(secret or ""))
    if client is None or not good or client.revoked_at is not None:
        raise OAuthError("invalid_client", "client authentication failed")
    now = utc_now()
    session.execute(delete(PactToken).where(PactToken.expires_at < now - EXPIRED_TOKENS_KEPT))
    token = secrets.token_urlsafe(SECRET_BYTES)
    session.add(
        PactToken(
            token_sha256=_sha256(token),
            client_id=client.id,
            created_at=now,
            expires_at=now + TOKEN_LIFETIME,
        )
    )
    session.commit()
    return IssuedToken(token, int(TOKEN_LIFETIME.total_seconds()))


def authenticate(session: Session, authorization: str | None) -> PactClient:
    """Return the client behind an `Authorization: Bearer` header, or raise."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 200:
        raise InvalidToken("a bearer access token is required")
    row = session.get(PactToken, _sha256(token.strip()))
    if row is None or row.client.revoked_at is not None:
        raise InvalidToken("invalid token provided")
    if row.expires_at <= utc_now():
        raise TokenExpired("the access token has expired")
    return row.client
