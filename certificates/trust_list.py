"""The signed trust list of recognised GBA certification bodies (mutual recognition)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from certificates.credential import CONTEXTS, TRUST_LIST_TYPES
from certificates.errors import MalformedCredential


@dataclass(frozen=True)
class TrustedKey:
    """A key a recognised body may sign labels with, pinned by its RFC 7638 thumbprint."""

    kid: str
    thumbprint: str


@dataclass(frozen=True)
class TrustedIssuer:
    """A recognised certification body."""

    did: str
    name: str
    jurisdiction: str  # CN-GD, HK or MO
    accreditation: str
    scope: tuple[str, ...]
    keys: tuple[TrustedKey, ...]
    # The body's transparency log: C2SP origin line and note verifier key.
    log_origin: str = ""
    log_verifier_key: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    # Where the body's accreditation is stated as a UNTP Digital Identity Anchor, if anywhere.
    identity_anchor: str = ""

    def key(self, kid: str) -> TrustedKey | None:
        """Return the trusted key with this kid, or None."""
        return next((k for k in self.keys if k.kid == kid), None)


def _entry(issuer: TrustedIssuer) -> dict[str, Any]:
    entry = {
        "type": "TrustedIssuer",
        "did": issuer.did,
        "name": issuer.name,
        "jurisdiction": issuer.jurisdiction,
        "accreditation": issuer.accreditation,
        "scope": list(issuer.scope),
        "keys": [
            {"type": "TrustedKey", "kid": k.kid, "thumbprint": k.thumbprint} for k in issuer.keys
        ],
        "log": {
            "type": "TransparencyLog",
            "origin": issuer.log_origin,
            "verifierKey": issuer.log_verifier_key,
        },
    }
    if issuer.identity_anchor:
        entry["identityAnchor"] = issuer.identity_anchor
    return entry


def trust_list_credential(
    list_url: str,
    operator: dict[str, str],
    issuers: list[TrustedIssuer],
    valid_from: str,
    valid_until: str,
) -> dict[str, Any]:
    """Return the payload of a trust list credential signed by the scheme operator."""
    return {
        "@context": list(CONTEXTS),
        "id": list_url,
        "type": list(TRUST_LIST_TYPES),
        "issuer": operator,
        "validFrom": valid_from,
        "validUntil": valid_until,
        "credentialSubject": {
            "type": "TrustList",
            "trustedIssuers": [_entry(i) for i in sorted(issuers, key=lambda i: i.did)],
        },
    }


def parse_trust_list(payload: dict[str, Any]) -> list[TrustedIssuer]:
    """Read the recognised issuers out of a (verified) trust list payload."""
    if payload.get("type") != TRUST_LIST_TYPES:
        raise MalformedCredential("not a trust list credential")
    try:
        return [
            TrustedIssuer(
                did=entry["did"],
                name=entry["name"],
                jurisdiction=entry["jurisdiction"],
                accreditation=entry["accreditation"],
                scope=tuple(entry.get("scope", [])),
                keys=tuple(TrustedKey(k["kid"], k["thumbprint"]) for k in entry["keys"]),
                log_origin=entry.get("log", {}).get("origin", ""),
                log_verifier_key=entry.get("log", {}).get("verifierKey", ""),
                identity_anchor=str(entry.get("identityAnchor", "")),
            )
            for entry in payload["credentialSubject"]["trustedIssuers"]
        ]
    except (KeyError, TypeError) as error:
        raise MalformedCredential(f"the trust list is malformed: {error}") from None
