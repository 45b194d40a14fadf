"""Signing keys of certification bodies and of the operator: creation, rotation, revocation."""

from __future__ import annotations

import hashlib
from datetime import datetime
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from certificates import (
    LocalSigner,
    decrypt_private_key,
    encrypt_private_key,
    generate_private_key,
    jwk_thumbprint,
    public_jwk,
)
from service.domain.ids import new_id
from service.domain.roles import OrgKind
from service.errors import SigningKeyNotFound, ValidationFailed
from service.persistence.labels import SigningKey
from service.persistence.models import Organisation
from service.services.context import IssuerConfig

OPERATOR_NAME = "GBA footprint service operator"


def host_did(config: IssuerConfig, *path: str) -> str:
    """Return the did:web naming this service's host (and an optional path)."""
    return ":".join(["did:web", quote(config.host, safe=""), *path])


def operator(session: Session, config: IssuerConfig, now: datetime) -> Organisation:
    """Return this service's operator organisation (signs the trust list and the log)."""
    did = host_did(config)
    found = session.scalar(select(Organisation).where(Organisation.did == did))
    if found is None:
        found = Organisation(
            id=new_id("organisation"),
            kind=OrgKind.OPERATOR.value,
            name=OPERATOR_NAME,
            jurisdiction=None,
            accreditation=None,
            did=did,
            label_code=None,
            created_at=now,
        )
        session.add(found)
        session.flush()
    return found


def active_key(session: Session, org: Organisation) -> SigningKey | None:
    """Return the key an organisation signs with now, if it has one."""
    return session.scalars(
        select(SigningKey)
        .where(
            SigningKey.org_id == org.id,
            SigningKey.retired_at.is_(None),
            SigningKey.revoked_at.is_(None),
        )
        .order_by(SigningKey.created_at.desc())
        .limit(1)
    ).first()


def _new_kid(session: Session, org: Organisation, now: datetime) -> str:
    # One key per body per period (LABELS.md: #key-2026, #key-2027); a second one in the
    # same year (after a compromise) gets a suffix.
    base = f"{org.did}#key-{now.year}"
    kid, n = base, 1
    while session.get(SigningKey, kid) is not None:
        n += 1
        kid = f"{base}-{n}"
    return kid


def create_key(
    session: Session, org: Organisation, config: IssuerConfig, now: datetime
) -> SigningKey:
    """Create a new key for org, retiring its current one (the caller commits)."""
    if not org.did:
        raise ValidationFailed("no DID", {"/org": ["the organisation has no did:web identifier"]})
    current = active_key(session, org)
    if current is not None:
        current.retired_at = now
    private_key = generate_private_key()
    jwk = public_jwk(private_key.public_key())
    key = SigningKey(
        kid=_new_kid(session, org, now),
        org_id=org.id,
        public_jwk=jwk,
        thumbprint=jwk_thumbprint(jwk),
        private_key_pem=encrypt_private_key(private_key, config.key_passphrase),
        created_at=now,
        retired_at=None,
        revoked_at=None,
    )
    session.add(key)
    session.flush()
    return key


def ensure_key(
    session: Session, org: Organisation, config: IssuerConfig, now: datetime
) -> SigningKey:
    """Return org's key for this period (a calendar year), creating it when there is none."""
    current = active_key(session, org)
    if current is not None and current.created_at.year == now.year:
        return current
    return create_key(session, org, config, now)


# Decrypted signers of this process, by kid and envelope digest: scrypt costs ~0.1 s per
# opening, so each worker opens a key once. Keys live only in memory, never in logs or files.
_signers: dict[tuple[str, str], LocalSigner] = {}


def signer_for(key: SigningKey, config: IssuerConfig) -> LocalSigner:
    """Return a signer holding the decrypted private key (never logged, never stored clear)."""
    cache_key = (key.kid, hashlib.sha256(key.private_key_pem).hexdigest())
    signer = _signers.get(cache_key)
    if signer is None:
        private_key = decrypt_private_key(key.private_key_pem, config.key_passphrase)
        signer = _signers.setdefault(cache_key, LocalSigner(key.kid, private_key))
    return signer


def published_keys(session: Session, org_id: str) -> list[SigningKey]:
    """Return the keys a DID document lists: every key not revoked, oldest first."""
    return list(
        session.scalars(
            select(SigningKey)
            .where(SigningKey.org_id == org_id, SigningKey.revoked_at.is_(None))
            .order_by(SigningKey.created_at)
        )
    )


def key_by_kid(session: Session, kid: str) -> SigningKey:
    """Return a key by its id, or raise NotFound."""
    key = session.get(SigningKey, kid)
    if key is None:
        raise SigningKeyNotFound(f"no key {kid}")
    return key
