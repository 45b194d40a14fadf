"""did:web identifiers: where a DID document lives, and how ours are written."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from certificates.errors import KeyUnavailable

DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]


def did_web_url(did: str, scheme: str = "https") -> str:
    """Return the URL of a did:web DID document (did:web method spec, section 3.2).

    did:web:HOST%3APORT:a:b -> https://HOST:PORT/a/b/did.json; a bare host DID ->
    https://HOST/.well-known/did.json. scheme may be "http" only for local test hosts.
    """
    if not did.startswith("did:web:"):
        raise KeyUnavailable(f"{did!r} is not a did:web identifier")
    parts = did.removeprefix("did:web:").split(":")
    host = unquote(parts[0])
    if not host or "/" in host:
        raise KeyUnavailable(f"{did!r} has no valid host")
    path = "/".join(parts[1:])
    return (
        f"{scheme}://{host}/{path}/did.json" if path else f"{scheme}://{host}/.well-known/did.json"
    )


def did_web_path(did: str) -> str:
    """Return the path part of a did:web DID's document URL."""
    url = did_web_url(did)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def did_document(
    did: str,
    keys: list[tuple[str, dict[str, str]]],
    services: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """Return a DID document listing Ed25519 keys (fragment, public JWK) as assertion methods.

    services: DID Core service entries (id, type, serviceEndpoint), e.g. the identity anchor.
    """
    methods = [
        {
            "id": f"{did}#{fragment}",
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": jwk,
        }
        for fragment, jwk in keys
    ]
    document: dict[str, Any] = {
        "@context": list(DID_CONTEXTS),
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }
    if services:
        document["service"] = [dict(s) for s in services]
    return document


def assertion_key(document: dict[str, Any], kid: str) -> dict[str, Any]:
    """Return the public JWK of kid if the DID document lists it under assertionMethod."""
    did = kid.split("#", 1)[0]
    if document.get("id") != did:
        raise KeyUnavailable(f"the DID document is for {document.get('id')!r}, not {did!r}")
    allowed = {
        m if isinstance(m, str) else m.get("id") for m in document.get("assertionMethod", [])
    }
    if kid not in allowed:
        raise KeyUnavailable(f"{kid} is not an assertion method of {did}")
    for method in document.get("verificationMethod", []):
        if method.get("id") == kid and isinstance(method.get("publicKeyJwk"), dict):
            jwk: dict[str, Any] = method["publicKeyJwk"]
            return jwk
    raise KeyUnavailable(f"{kid} has no public key in the DID document")
