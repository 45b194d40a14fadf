"""Ed25519 keys: RFC 8037 vectors, JWK checks and the encrypted envelope at rest."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates.errors import KeyUnavailable, SignatureInvalid
from certificates.keys import (
    LocalSigner,
    b64url,
    b64url_decode,
    decrypt_private_key,
    encrypt_private_key,
    generate_private_key,
    jwk_thumbprint,
    public_jwk,
    public_key_from_jwk,
    verify_signature,
)

# RFC 8037 appendix A.1-A.4: the Ed25519 key, its thumbprint and a signed JWS.
RFC_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
RFC_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
RFC_THUMBPRINT = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
RFC_INPUT = b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
RFC_SIGNATURE = (
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
)
PASSPHRASE = b"correct horse battery staple"


def _rfc_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(b64url_decode(RFC_D))


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def test_rfc_8037_public_key_and_thumbprint():
    jwk = public_jwk(_rfc_key().public_key())
    assert jwk == {"kty": "OKP", "crv": "Ed25519", "x": RFC_X}
    assert jwk_thumbprint(jwk) == RFC_THUMBPRINT
    assert jwk_thumbprint(jwk | {"kid": "ignored", "use": "sig"}) == RFC_THUMBPRINT


def test_rfc_8037_signature():
    signer = LocalSigner("did:web:x#key-1", _rfc_key())
    assert b64url(signer.sign(RFC_INPUT)) == RFC_SIGNATURE
    verify_signature(signer.public_jwk(), RFC_INPUT, b64url_decode(RFC_SIGNATURE))
    with pytest.raises(SignatureInvalid):
        verify_signature(signer.public_jwk(), RFC_INPUT + b"x", b64url_decode(RFC_SIGNATURE))


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "OKP", "crv": "Ed25519", "x": RFC_X, "d": RFC_D},  # a private JWK
        {"kty": "EC", "crv": "Ed25519", "x": RFC_X},
        {"kty": "OKP", "crv": "X25519", "x": RFC_X},
        {"kty": "OKP", "crv": "Ed25519", "x": "AAAA"},
        {"kty": "OKP", "crv": "Ed25519"},
    ],
)
def test_only_public_ed25519_jwks_are_keys(jwk):
    with pytest.raises(KeyUnavailable):
        public_key_from_jwk(jwk)


def test_b64url_has_no_padding_and_round_trips():
    for data in (b"", b"\xff", b"\xff\xfe", b"\xfb\xff\xbf"):
        text = b64url(data)
        assert "=" not in text and "+" not in text and "/" not in text
        assert b64url_decode(text) == data


def test_the_envelope_seals_the_key_with_production_parameters():
    key = generate_private_key()
    raw = _raw(key)
    envelope = encrypt_private_key(key, PASSPHRASE)
    for form in (raw, raw.hex().encode(), b64url(raw).encode(), base64.b64encode(raw)):
        assert form not in envelope
    sealed = json.loads(envelope)
    assert sealed["format"] == "gba-key-envelope-v1"
    assert sealed["kdf"] | {"salt": None} == {
        "name": "scrypt",
        "n": 2**15,
        "r": 8,
        "p": 1,
        "salt": None,
    }
    assert sealed["cipher"]["name"] == "AES-256-GCM"
    assert len(b64url_decode(sealed["ciphertext"])) == 32 + 16  # key and GCM tag
    assert _raw(decrypt_private_key(envelope, PASSPHRASE)) == raw
    again = encrypt_private_key(key, PASSPHRASE)
    assert again != envelope  # fresh salt and nonce every time
    assert _raw(decrypt_private_key(again, PASSPHRASE)) == raw


def test_a_wrong_passphrase_or_a_damaged_envelope_is_key_unavailable():
    envelope = encrypt_private_key(generate_private_key(), PASSPHRASE)
    sealed = json.loads(envelope)
    ciphertext = b64url_decode(sealed["ciphertext"])
    flipped = b64url(bytes([ciphertext[0] ^ 1]) + ciphertext[1:])
    damaged = [
        json.dumps(sealed | {"ciphertext": flipped}).encode(),
        json.dumps(sealed | {"format": "other"}).encode(),
        json.dumps({k: v for k, v in sealed.items() if k != "kdf"}).encode(),
        b"not json",
        b"",
    ]
    with pytest.raises(KeyUnavailable):
        decrypt_private_key(envelope, b"wrong passphrase!")
    for bad in damaged:
        with pytest.raises(KeyUnavailable):
            decrypt_private_key(bad, PASSPHRASE)


def test_a_short_passphrase_is_refused():
    with pytest.raises(KeyUnavailable, match="12 bytes"):
        encrypt_private_key(generate_private_key(), b"short")
