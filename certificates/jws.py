"""Compact JWS with Ed25519: signing through a Signer, verifying with joserfc.

Signing is written out (RFC 7515 section 7.1) so a KMS-held key can sign; verification goes
through joserfc, a maintained JOSE library, so every token we make is checked by code we
did not write.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from joserfc import jws as jose_jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from certificates.errors import MalformedCredential, SignatureInvalid
from certificates.keys import Signer, b64url, b64url_decode

# "EdDSA" is what LABELS.md asks issuers to write; "Ed25519" is RFC 9864's fully specified
# name, which verifiers must accept too.
ACCEPTED_ALGORITHMS = ("EdDSA", "Ed25519")
_COMPACT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


def canonical_json(value: Any) -> bytes:
    """Return compact UTF-8 JSON with sorted keys (the bytes a payload is signed as)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def sign_compact(header: dict[str, Any], payload: dict[str, Any], signer: Signer) -> str:
    """Return header.payload.signature for a JSON payload."""
    signing_input = f"{b64url(canonical_json(header))}.{b64url(canonical_json(payload))}"
    signature = signer.sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url(signature)}"


@dataclass(frozen=True)
class DecodedJws:
    """A compact JWS split and decoded, not yet verified."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes


def decode(token: str) -> DecodedJws:
    """Split and decode a compact JWS whose header and payload are JSON objects."""
    if not isinstance(token, str) or not _COMPACT.match(token.strip()):
        raise MalformedCredential("not a compact JWS (three base64url parts joined by '.')")
    head, body, signature = token.strip().split(".")
    try:
        header = json.loads(b64url_decode(head))
        payload = json.loads(b64url_decode(body))
        raw_signature = b64url_decode(signature)
    except (ValueError, UnicodeDecodeError) as error:
        raise MalformedCredential(f"a JWS part is not base64url JSON: {error}") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise MalformedCredential("the JWS header and payload must be JSON objects")
    return DecodedJws(header, payload, f"{head}.{body}".encode("ascii"), raw_signature)


def verify(token: str, jwk: dict[str, Any]) -> dict[str, Any]:
    """Verify a compact JWS with an Ed25519 public JWK and return its payload."""
    decode(token)  # MalformedCredential before anything else, as always
    # A fresh payload for every caller, parsed from the remembered JSON text (much cheaper
    # than copying the remembered object).
    payload: dict[str, Any] = json.loads(_verified(token.strip(), json.dumps(jwk, sort_keys=True)))
    return payload


@lru_cache(maxsize=4096)
def _verified(token: str, jwk_json: str) -> bytes:
    """Verify once per (exact token text, exact key): the outcome depends on nothing else.

    Only successes are remembered (lru_cache does not keep exceptions).
    """
    decoded = decode(token)
    algorithm = decoded.header.get("alg")
    if algorithm not in ACCEPTED_ALGORITHMS:
        raise SignatureInvalid(f"algorithm {algorithm!r} is not accepted")
    key = OKPKey.import_key(json.loads(jwk_json))
    try:
        with warnings.catch_warnings():
            # joserfc flags "EdDSA" as deprecated by RFC 9864; we accept it deliberately.
            warnings.filterwarnings("ignore", "EdDSA is deprecated")
            jose_jws.deserialize_compact(token, key, algorithms=[algorithm])
    except JoseError as error:
        raise SignatureInvalid(f"the signature does not verify: {error}") from None
    return b64url_decode(token.split(".")[1])
