"""Ed25519 signing keys: generation, encryption at rest, JWKs and RFC 7638 thumbprints."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

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


# scrypt cost (RFC 7914): N = 2^15, r = 8, p = 1 uses 32 MiB and tens of milliseconds, the
# interactive-login level the RFC's authors recommend; keys are decrypted once per process.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1
_ENVELOPE = "gba-key-envelope-v1"


def _derive(passphrase: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase, salt=salt, n=n, r=r, p=p, maxmem=2**26, dklen=32)


def encrypt_private_key(key: Ed25519PrivateKey, passphrase: bytes) -> bytes:
    """Return the key sealed with AES-256-GCM under a scrypt-derived key (JSON envelope)."""
    if len(passphrase) < 12:
        raise KeyUnavailable("the key passphrase must be at least 12 bytes")
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_derive(passphrase, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)).encrypt(
        nonce, raw, _ENVELOPE.encode("ascii")
    )
    envelope = {
        "format": _ENVELOPE,
        "kdf": {
            "name": "scrypt",
            "n": _SCRYPT_N,
            "r": _SCRYPT_R,
            "p": _SCRYPT_P,
            "salt": b64url(salt),
        },
        "cipher": {"name": "AES-256-GCM", "nonce": b64url(nonce)},
        "ciphertext": b64url(sealed),
    }
    return json.dumps(envelope, sort_keys=True).encode("ascii")


def decrypt_private_key(sealed: bytes, passphrase: bytes) -> Ed25519PrivateKey:
    """Open a key envelope, raising KeyUnavailable on a wrong passphrase or a damaged envelope."""
    try:
        envelope = json.loads(sealed)
        kdf, cipher = envelope["kdf"], envelope["cipher"]
        if envelope["format"] != _ENVELOPE or kdf["name"] != "scrypt":
            raise KeyUnavailable("unknown key envelope format")
        secret = _derive(passphrase, b64url_decode(kdf["salt"]), kdf["n"], kdf["r"], kdf["p"])
        raw = AESGCM(secret).decrypt(
            b64url_decode(cipher["nonce"]),
            b64url_decode(envelope["ciphertext"]),
            _ENVELOPE.encode("ascii"),
        )
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise KeyUnavailable("cannot decrypt the private key (wrong passphrase?)") from None
