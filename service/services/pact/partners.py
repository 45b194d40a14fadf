"""Partners the service may call: the outbound allow-list (callbacks, pulls)."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.errors import Conflict, ValidationFailed
from service.persistence.pact import PactPartner
from service.services.context import utc_now

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def normalise_url(url: str, allow_http_loopback: bool) -> str:
    """Return a partner base URL without trailing slash; HTTPS only (loopback HTTP in tests)."""
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    plain_ok = allow_http_loopback and parts.hostname in LOOPBACK_HOSTS
    if parts.scheme != "https" and not (parts.scheme == "http" and plain_ok):
        raise ValidationFailed("bad partner URL", {"/url": ["must be an https:// URL"]})
    if not parts.hostname or parts.query or parts.fragment or parts.username:
        raise ValidationFailed("bad partner URL", {"/url": ["must be a plain base URL"]})
    return text


def add_partner(
    session: Session, url: str, client_id: str, client_secret: str, allow_http_loopback: bool
) -> PactPartner:
    """Record a partner the service may call with the credentials it gave us."""
    if not client_id.strip() or not client_secret:
        raise ValidationFailed("credentials missing", {"/client_id": ["is required"]})
    partner = PactPartner(
        id=new_id("pact_partner"),
        base_url=normalise_url(url, allow_http_loopback),
        client_id=client_id.strip(),
        client_secret=client_secret,
        created_at=utc_now(),
    )
    session.add(partner)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"a partner at {partner.base_url} is already registered") from None
    return partner


def find_partner(session: Session, source: str) -> PactPartner | None:
    """Return the registered partner an event's `source` names, or None."""
    text = source.strip().rstrip("/")
    for suffix in ("/3/events", "/3"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return session.scalar(select(PactPartner).where(PactPartner.base_url == text))
