"""W3C Bitstring Status List v1.0: the bitstring and its status list credential."""

from __future__ import annotations

import gzip
import secrets
from dataclasses import dataclass, field
from typing import Any

from certificates.errors import StatusListError
from certificates.keys import b64url, b64url_decode

# Bitstring Status List v1.0 section 6.1: at least 131,072 entries (16 KB), for group privacy.
LIST_SIZE = 131_072
PURPOSES = ("revocation", "suspension")
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


@dataclass
class Bitstring:
    """A status bitstring; index 0 is the most significant bit of the first byte (section 4.1)."""

    size: int = LIST_SIZE
    bits: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        if self.size % 8:
            raise StatusListError("the list size must be a multiple of 8")
        if not self.bits:
            self.bits = bytearray(self.size // 8)
        if len(self.bits) * 8 != self.size:
            raise StatusListError("the bitstring length does not match its size")

    def _check(self, index: int) -> None:
        if not 0 <= index < self.size:
            raise StatusListError(f"index {index} outside 0..{self.size - 1}")

    def get(self, index: int) -> bool:
        """Return the bit at index."""
        self._check(index)
        return bool(self.bits[index // 8] & (0x80 >> (index % 8)))

    def set(self, index: int, value: bool) -> None:
        """Set the bit at index."""
        self._check(index)
        if value:
            self.bits[index // 8] |= 0x80 >> (index % 8)
        else:
            self.bits[index // 8] &= ~(0x80 >> (index % 8)) & 0xFF

    def encode(self) -> str:
        """Return the multibase base64url (prefix 'u') of the GZIP-compressed bits (section 4.1)."""
        return "u" + b64url(gzip.compress(bytes(self.bits), mtime=0))

    @classmethod
    def decode(cls, encoded: str) -> Bitstring:
        """Decode an encodedList value of at least LIST_SIZE entries."""
        if not encoded.startswith("u"):
            raise StatusListError("encodedList must be multibase base64url ('u' prefix)")
        try:
            raw = gzip.decompress(b64url_decode(encoded[1:]))
        except (OSError, ValueError) as error:
            raise StatusListError(f"encodedList does not decode: {error}") from None
        if len(raw) * 8 < LIST_SIZE:
            # Section 3.2: a shorter list gives no group privacy (STATUS_LIST_LENGTH_ERROR).
            raise StatusListError(f"the list has fewer than {LIST_SIZE} entries")
        return cls(size=len(raw) * 8, bits=bytearray(raw))


def random_free_index(used: set[int], size: int = LIST_SIZE) -> int:
    """Return a random index not in used (section 6.1: random allocation for privacy)."""
    if len(used) >= size:
        raise StatusListError("the status list is full")
    while True:
        index = secrets.randbelow(size)
        if index not in used:
            return index


def status_entry(list_url: str, purpose: str, index: int) -> dict[str, str]:
    """Return a credentialStatus entry pointing at one bit of a list (section 2.1)."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    issuer: dict[str, str],
    list_url: str,
    purpose: str,
    bitstring: Bitstring,
    valid_from: str,
    valid_until: str,
) -> dict[str, Any]:
    """Return the payload of a BitstringStatusListCredential (section 2.2)."""
    if purpose not in PURPOSES:
        raise StatusListError(f"unknown status purpose {purpose!r}")
    return {
        "@context": [VC_V2_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "validUntil": valid_until,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": bitstring.encode(),
        },
    }
