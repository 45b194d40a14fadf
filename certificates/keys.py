"""Ed25519 signing keys: generation, encryption at rest, JWKs and RFC 7638 thumbprints."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from certificates.errors import KeyUnavailable, SignatureInvalid


def b64url(data: bytes) -> str:
    """Encode bytes as base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url with or without padding."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer(Protocol):
    """Anything that signs with an Ed25519 key it names (a local key or a KMS)."""

    @property
    def kid(self) -> str:
        """The key ID, '<did>#<fragment>'."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Return the Ed25519 signature of data."""
        ...

    def public_jwk(self) -> dict[str, str]:
        """Return the public key as a JWK."""
        ...


@dataclass(frozen=True)
class LocalSigner:
    """A Signer holding its private key in memory."""

    kid: str
    private_key: Ed25519PrivateKey

    def sign(self, data: bytes) -> bytes:
        """Return the Ed25519 signature of data."""
        return self.private_key.sign(data)

    def public_jwk(self) -> dict[str, str]:
        """Return the public key as a JWK."""
        return public_jwk(self.private_key.public_key())


def generate_private_key() -> Ed25519PrivateKey:
    """Return a new Ed25519 private key."""
    return Ed25519PrivateKey.generate()


def public_jwk(key: Ed25519PublicKey) -> dict[str, str]:
    """Return an Ed25519 public key as an OKP JWK (RFC 8037 section 2)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}


def public_key_from_jwk(jwk: dict[str, Any]) -> Ed25519PublicKey:
    """Return the Ed25519 public key of an OKP JWK, or raise KeyUnavailable."""
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or "d" in jwk:
        raise KeyUnavailable("expected a public OKP Ed25519 JWK")
    try:
        return Ed25519PublicKey.from_public_bytes(b64url_decode(str(jwk["x"])))
    except (KeyError, ValueError) as error:
        raise KeyUnavailable(f"bad Ed25519 JWK: {error}") from None


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """Return the RFC 7638 SHA-256 thumbprint of an OKP JWK (members crv, kty, x)."""
    required = {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}
    canonical = json.dumps(required, sort_keys=True, separators=(",", ":"))
    return b64url(hashlib.sha256(canonical.encode("utf-8")).digest())


def verify_signature(jwk: dict[str, Any], data: bytes, signature: bytes) -> None:
    """Check an Ed25519 signature, raising SignatureInvalid."""
    try:
        public_key_from_jwk(jwk).verify(signature, data)
    except InvalidSignature:
        raise SignatureInvalid("the signature does not verify") from None


def encrypt_private_key(key: Ed25519PrivateKey, passphrase: bytes) -> bytes:
    """Return the key as passphrase-encrypted PKCS#8 PEM (for storage at rest)."""
    if len(passphrase) < 12:
        raise KeyUnavailable("the key passphrase must be at least 12 bytes")
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


def decrypt_private_key(pem: bytes, passphrase: bytes) -> Ed25519PrivateKey:
    """Load an encrypted PKCS#8 PEM key, raising KeyUnavailable on a wrong passphrase."""
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase)
    except (ValueError, TypeError):
        raise KeyUnavailable("cannot decrypt the private key (wrong passphrase?)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyUnavailable("the stored key is not Ed25519")
    return key
