"""The trust list this service publishes and verifies with: its own bodies and recognised ones."""

from __future__ import annotations

import json
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from certificates import (
    CertificateError,
    TrustedIssuer,
    TrustedKey,
    assertion_key,
    did_web_url,
    jwk_thumbprint,
    sign_credential,
    trust_list_credential,
)
from service.domain.canonical_json import canonical_json
from service.domain.roles import OrgKind
from service.domain.timestamps import utc_text
from service.errors import DependencyUnavailable, ValidationFailed
from service.persistence.labels import TrustEntry
from service.persistence.models import Organisation
from service.services.context import IssuerConfig, utc_now
from service.services.labels import transparency
from service.services.labels.dcc import identity_anchor_url
from service.services.labels.signing_keys import ensure_key, operator, published_keys, signer_for

SCOPE = ("ISO 14067:2018", "GB/T 24067-2024", "product carbon footprint")
TRUST_LIST_VALIDITY = timedelta(days=1)
FETCH_TIMEOUT_S = 5


def _iso(moment: datetime) -> str:
    return utc_text(moment)


def log_verifier_key(session: Session, config: IssuerConfig, now: datetime) -> str:
    """Return the note verifier key string of this service's log."""
    return transparency.note_signer(session, config, now).verifier.to_key_string()


def local_issuers(session: Session, config: IssuerConfig, now: datetime) -> list[TrustedIssuer]:
    """Return the certification bodies this service hosts, with their published keys."""
    verifier = log_verifier_key(session, config, now)
    bodies = session.scalars(
        select(Organisation).where(Organisation.kind == OrgKind.CERTIFICATION_BODY.value)
    )
    return [
        TrustedIssuer(
            did=body.did or "",
            name=body.name,
            jurisdiction=body.jurisdiction or "",
            accreditation=body.accreditation or "",
            scope=SCOPE,
            keys=tuple(TrustedKey(k.kid, k.thumbprint) for k in published_keys(session, body.id)),
            log_origin=transparency.origin(config),
            log_verifier_key=verifier,
            identity_anchor=identity_anchor_url(config, body.id),
        )
        for body in bodies
    ]


def recognised_issuers(session: Session) -> list[TrustedIssuer]:
    """Return the other bodies recognised by agreement."""
    return [
        TrustedIssuer(
            did=e.did,
            name=e.name,
            jurisdiction=e.jurisdiction,
            accreditation=e.accreditation,
            scope=tuple(e.scope),
            keys=tuple(TrustedKey(k["kid"], k["thumbprint"]) for k in e.keys),
            log_origin=e.log_origin,
            log_verifier_key=e.log_verifier_key,
        )
        for e in session.scalars(select(TrustEntry).order_by(TrustEntry.did))
    ]


def trusted_issuers(session: Session, config: IssuerConfig) -> list[TrustedIssuer]:
    """Return every issuer this service's verifier accepts."""
    return local_issuers(session, config, utc_now()) + recognised_issuers(session)


def signed_trust_list(session: Session, config: IssuerConfig) -> str:
    """Return the trust list as a vc+jwt signed by this service's operator."""
    now = utc_now().replace(microsecond=0)
    operator_org = operator(session, config, now)
    payload = trust_list_credential(
        f"{config.service_url}/api/v1/trust-list",
        {"id": operator_org.did or "", "name": operator_org.name},
        trusted_issuers(session, config),
        _iso(now),
        _iso(now + TRUST_LIST_VALIDITY),
    )
    token = sign_credential(
        payload, signer_for(ensure_key(session, operator_org, config, now), config)
    )
    session.commit()
    return token


def fetch_json(url: str) -> dict[str, Any]:
    """GET a JSON document from a recognised body (bounded in time)."""
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_S) as response:  # noqa: S310
            document = json.loads(response.read(2_000_000))
    except (OSError, ValueError) as error:
        raise DependencyUnavailable(f"cannot fetch {url}: {error}") from None
    if not isinstance(document, dict):
        raise DependencyUnavailable(f"{url} did not return a JSON object")
    return document


def recognise(
    session: Session,
    config: IssuerConfig,
    did: str,
    base_url: str,
    jurisdiction: str,
    accreditation: str,
) -> TrustEntry:
    """Add another body to the trust list from what it publishes: DID document and log key."""
    scheme = base_url.split("://", 1)[0]
    document = fetch_json(did_web_url(did, scheme))
    keys = []
    for method in document.get("assertionMethod", []):
        kid = method if isinstance(method, str) else method.get("id")
        try:
            keys.append({"kid": kid, "thumbprint": jwk_thumbprint(assertion_key(document, kid))})
        except CertificateError as error:
            raise ValidationFailed(str(error), {"/did": [str(error)]}) from None
    remote = fetch_json(f"{base_url.rstrip('/')}/api/v1/log/key")
    # GET /api/v1/bodies answers {"items": [...]} (service/api/public.py).
    hosted = fetch_json(f"{base_url.rstrip('/')}/api/v1/bodies").get("items", [])
    body_name = next((b["name"] for b in hosted if b.get("did") == did), did)
    entry = session.get(TrustEntry, did) or TrustEntry(did=did, added_at=utc_now())
    entry.name, entry.jurisdiction, entry.accreditation = (
        str(body_name),
        jurisdiction,
        accreditation,
    )
    entry.scope, entry.keys, entry.base_url = list(SCOPE), keys, base_url.rstrip("/")
    entry.log_origin = str(remote["origin"])
    entry.log_verifier_key = str(remote["verifier_key"])
    session.add(entry)
    now = utc_now()
    # Trust-list changes go to the log too (LABELS.md, "Transparency log").
    record = {
        "kind": "trust_added",
        "did": did,
        "jurisdiction": jurisdiction,
        "accreditation": accreditation,
        "keys": keys,
        "at": utc_text(now),
    }
    transparency.append(
        session,
        config,
        "trust_added",
        did,
        operator(session, config, now).did,
        canonical_json(record),
        now,
    )
    session.commit()
    return entry
