"""C2SP signed-note v1 with Ed25519 signatures: keys, key strings, signing, parsing, verifying."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from certificates.log.errors import (
    AmbiguousVerifier,
    InvalidKey,
    MalformedNote,
    NoteSignatureInvalid,
    NoteUnverified,
)

# signed-note, "Signature types": 0x01 identifies Ed25519 signatures.
ED25519_TYPE = b"\x01"
# signed-note, "Format": each signature line starts with an em dash (U+2014) and a space.
SIGNATURE_PREFIX = "\u2014 "
# signed-note, "Format": verifiers SHOULD cap the signatures per note but MUST accept 16.
MAX_SIGNATURES = 100
_PRIVATE_PREFIX = "PRIVATE+KEY+"


def b64encode(data: bytes) -> str:
    """Return standard base64 with padding (RFC 4648 section 4, as both C2SP specs use)."""
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    """Decode canonical standard base64 (RFC 4648 section 4) or raise ValueError."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error) as error:
        raise ValueError(f"not base64: {error}") from None
    if b64encode(data) != text:
        raise ValueError("base64 is not in its canonical form")
    return data


def is_valid_key_name(name: str) -> bool:
    """Return whether name is non-empty, with no Unicode space and no '+' (signed-note, Format)."""
    return bool(name) and "+" not in name and not any(ch.isspace() for ch in name)


def key_id(name: str, public_key: bytes) -> bytes:
    """Return SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4] (signed-note, Ed25519)."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + ED25519_TYPE + public_key).digest()[:4]


def _raw_public_key(key: Ed25519PublicKey) -> bytes:
    """Return the 32-byte RFC 8032 encoding of an Ed25519 public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _split_key_string(text: str) -> tuple[str, bytes, bytes]:
    """Split '<name>+<hex key ID>+<base64(0x01 || key)>' into name, key ID and key bytes."""
    name, _, rest = text.partition("+")
    hex_id, _, b64_key = rest.partition("+")
    if not is_valid_key_name(name) or len(hex_id) != 8:
        raise InvalidKey("a key string is '<name>+<8 hex digits>+<base64 key>'")
    try:
        kid = bytes.fromhex(hex_id)
        typed_key = b64decode(b64_key)
    except ValueError as error:
        raise InvalidKey(f"bad key string: {error}") from None
    if typed_key[:1] != ED25519_TYPE or len(typed_key) != 33:
        raise InvalidKey("only Ed25519 keys (type 0x01, 32 bytes) are supported")
    return name, kid, typed_key[1:]


@dataclass(frozen=True)
class NoteSignature:
    """One signature line of a note: key name, 4-byte key ID and signature bytes."""

    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        """Return the line '— <name> base64(key ID || signature)' with its newline."""
        return f"{SIGNATURE_PREFIX}{self.name} {b64encode(self.key_id + self.signature)}\n"


@dataclass(frozen=True)
class NoteVerifier:
    """A known signer of notes: key name and 32-byte Ed25519 public key."""

    name: str
    public_key: bytes

    def __post_init__(self) -> None:
        """Reject invalid key names and public keys."""
        if not is_valid_key_name(self.name):
            raise InvalidKey(f"invalid key name {self.name!r}")
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key)
        except ValueError as error:
            raise InvalidKey(f"bad Ed25519 public key: {error}") from None

    @property
    def key_id(self) -> bytes:
        """Return the 4-byte key ID derived from name and key."""
        return key_id(self.name, self.public_key)

    def verify(self, text: bytes, signature: bytes) -> bool:
        """Return whether signature is this key's Ed25519 signature of text (RFC 8032)."""
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, text)
        except InvalidSignature:
            return False
        return True

    def to_key_string(self) -> str:
        """Return the verifier key string '<name>+<hex key ID>+<base64(0x01 || key)>'."""
        return f"{self.name}+{self.key_id.hex()}+{b64encode(ED25519_TYPE + self.public_key)}"

    @classmethod
    def from_key_string(cls, text: str) -> NoteVerifier:
        """Parse a verifier key string, checking its key ID against name and key."""
        name, kid, public_key = _split_key_string(text)
        verifier = cls(name, public_key)
        if verifier.key_id != kid:
            raise InvalidKey("the key ID does not match the key name and public key")
        return verifier


@dataclass(frozen=True)
class NoteSigner:
    """A key that signs notes: key name, public key, and a function signing bytes (RFC 8032)."""

    name: str
    public_key: bytes
    sign_bytes: Callable[[bytes], bytes]

    def __post_init__(self) -> None:
        """Reject invalid key names and public keys."""
        NoteVerifier(self.name, self.public_key)

    @classmethod
    def from_private_key(cls, name: str, private_key: Ed25519PrivateKey) -> NoteSigner:
        """Return a signer for an Ed25519 private key held in memory."""
        return cls(name, _raw_public_key(private_key.public_key()), private_key.sign)

    @classmethod
    def from_key_string(cls, text: str) -> NoteSigner:
        """Parse 'PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>', checking the key ID."""
        if not text.startswith(_PRIVATE_PREFIX):
            raise InvalidKey("a signer key string starts with 'PRIVATE+KEY+'")
        name, kid, seed = _split_key_string(text[len(_PRIVATE_PREFIX) :])
        signer = cls.from_private_key(name, Ed25519PrivateKey.from_private_bytes(seed))
        if signer.key_id != kid:
            raise InvalidKey("the key ID does not match the key name and public key")
        return signer

    @property
    def key_id(self) -> bytes:
        """Return the 4-byte key ID derived from name and key."""
        return key_id(self.name, self.public_key)

    @property
    def verifier(self) -> NoteVerifier:
        """Return the verifier of this signer's signatures."""
        return NoteVerifier(self.name, self.public_key)

    def sign(self, text: str) -> NoteSignature:
        """Return this key's signature of the note text's UTF-8 bytes."""
        return NoteSignature(self.name, self.key_id, self.sign_bytes(text.encode("utf-8")))


@dataclass(frozen=True)
class SignedNote:
    """A note text (ending in a newline) and its signatures, verified or not."""

    text: str
    signatures: tuple[NoteSignature, ...]

    def to_text(self) -> str:
        """Return the note: text, blank line, one line per signature (signed-note, Format)."""
        return self.text + "\n" + "".join(s.line() for s in self.signatures)


@dataclass(frozen=True)
class VerifiedNote:
    """A note whose signatures from known keys all verified, with the names of those keys."""

    text: str
    signatures: tuple[NoteSignature, ...]
    verified_by: tuple[str, ...]


def _check_text(text: str) -> None:
    """Raise MalformedNote unless text is UTF-8 without control characters but newline."""
    # signed-note, Format: notes MUST be valid UTF-8 with no ASCII control character but U+000A.
    if any(ch < " " and ch != "\n" for ch in text):
        raise MalformedNote("a note must not contain control characters other than newline")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedNote("a note must be valid UTF-8") from None


def sign_note(text: str, signers: Iterable[NoteSigner]) -> str:
    """Sign a note text (which must end in a newline) with each signer; return the note."""
    _check_text(text)
    # signed-note, Format: the text ends in a newline; a blank line separates the signatures.
    if not text.endswith("\n"):
        raise MalformedNote("a note text must end in a newline")
    signatures = tuple(signer.sign(text) for signer in signers)
    if not signatures:
        raise MalformedNote("a note needs at least one signature")
    return SignedNote(text, signatures).to_text()


def cosign_note(note: str | bytes, signer: NoteSigner) -> str:
    """Add signer's signature to a signed note, replacing an earlier one by the same key."""
    parsed = parse_note(note)
    kept = tuple(s for s in parsed.signatures if (s.name, s.key_id) != (signer.name, signer.key_id))
    return SignedNote(parsed.text, (*kept, signer.sign(parsed.text))).to_text()


def parse_note(note: str | bytes) -> SignedNote:
    """Split a signed note into its text and signatures, checking only the format."""
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedNote("a note must be valid UTF-8") from None
    _check_text(note)
    # signed-note, Format: the text is separated from the signatures by the last empty line.
    split = note.rfind("\n\n")
    if split < 0:
        raise MalformedNote("a note needs a blank line before its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    if not block.endswith("\n"):
        raise MalformedNote("a note must end with signature lines, each ending in a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNote(f"a note may carry at most {MAX_SIGNATURES} signatures")
    return SignedNote(text, tuple(_parse_signature_line(line) for line in lines))


def _parse_signature_line(line: str) -> NoteSignature:
    """Parse '— <key name> base64(32-bit key ID || signature)' (signed-note, Signatures)."""
    if not line.startswith(SIGNATURE_PREFIX):
        raise MalformedNote("a signature line starts with an em dash and a space")
    name, _, b64 = line[len(SIGNATURE_PREFIX) :].partition(" ")
    if not is_valid_key_name(name):
        raise MalformedNote(f"invalid key name {name!r} in a signature line")
    try:
        raw = b64decode(b64)
    except ValueError as error:
        raise MalformedNote(f"bad signature base64: {error}") from None
    # Signed-note, Format: signatures are 4 + n bytes, the key ID first, big-endian.
    if len(raw) < 5:
        raise MalformedNote("a signature holds a 4-byte key ID and at least one byte")
    return NoteSignature(name, raw[:4], raw[4:])


def verify_note(note: str | bytes, verifiers: Iterable[NoteVerifier]) -> VerifiedNote:
    """Check a signed note against known verifiers (signed-note, Signatures) and return it.

    Signatures from unknown keys are ignored, so witnesses may cosign. Raises NoteSignatureInvalid
    if a known key's signature fails, and NoteUnverified if no known key signed.
    """
    parsed = parse_note(note)
    known: dict[tuple[str, bytes], NoteVerifier] = {}
    for candidate in verifiers:
        slot = (candidate.name, candidate.key_id)
        if known.setdefault(slot, candidate) != candidate:
            raise AmbiguousVerifier(f"two verifiers named {candidate.name!r} share a key ID")
    text = parsed.text.encode("utf-8")
    verified: list[str] = []
    seen: set[tuple[str, bytes]] = set()
    for signature in parsed.signatures:
        # Signed-note, Signatures: a key is known only if both its name and its ID match;
        # verifiers MUST ignore signatures from unknown keys.
        slot = (signature.name, signature.key_id)
        verifier = known.get(slot)
        if verifier is None or slot in seen:
            continue
        seen.add(slot)
        # If the name and ID match a known key, verifiers MUST verify the signature, and SHOULD
        # reject the whole note if it fails.
        if not verifier.verify(text, signature.signature):
            raise NoteSignatureInvalid(f"the signature of {signature.name!r} does not verify")
        verified.append(verifier.name)
    # If no signature from a known key verifies, clients MUST reject the note.
    if not verified:
        raise NoteUnverified("no signature on the note comes from a known key")
    return VerifiedNote(parsed.text, parsed.signatures, tuple(verified))
