"""Bitstring Status List v1.0: bit order, encoding, sizes and random index allocation."""

from __future__ import annotations

import gzip

import pytest

from certificates.errors import StatusListError
from certificates.keys import b64url, b64url_decode
from certificates.status_list import (
    LIST_SIZE,
    Bitstring,
    random_free_index,
    status_entry,
    status_list_credential,
)

# The all-zero 131,072-bit list of the specification's examples (section 2.2, Example 2).
SPEC_EMPTY_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def test_the_minimum_size_is_131072_entries():
    assert LIST_SIZE == 131_072
    bits = Bitstring()
    assert bits.size == LIST_SIZE and len(bits.bits) == LIST_SIZE // 8


def test_index_zero_is_the_most_significant_bit_of_the_first_byte():
    bits = Bitstring(size=16)
    bits.set(0, True)
    bits.set(7, True)
    bits.set(8, True)
    assert bytes(bits.bits) == b"\x81\x80"
    assert [bits.get(i) for i in (0, 1, 7, 8, 9)] == [True, False, True, True, False]
    bits.set(0, False)
    assert bytes(bits.bits) == b"\x01\x80"


def test_the_specification_example_decodes_to_an_empty_list():
    decoded = Bitstring.decode(SPEC_EMPTY_LIST)
    assert decoded.size == LIST_SIZE and not any(decoded.bits)


def test_encoding_is_multibase_base64url_gzip_and_round_trips():
    bits = Bitstring()
    for index in (0, 5, 65_535, LIST_SIZE - 1):
        bits.set(index, True)
    encoded = bits.encode()
    assert encoded.startswith("u") and "=" not in encoded
    assert gzip.decompress(b64url_decode(encoded[1:])) == bytes(bits.bits)
    again = Bitstring.decode(encoded)
    assert again.bits == bits.bits
    assert [again.get(i) for i in (0, 1, 5, 65_535, LIST_SIZE - 1)] == [
        True,
        False,
        True,
        True,
        True,
    ]
    assert bits.encode() == encoded  # no timestamp in the GZIP header


def _short_list() -> str:
    return "u" + b64url(gzip.compress(bytes(LIST_SIZE // 8 - 1), mtime=0))


@pytest.mark.parametrize("encoded", ["zH4sI", "u!!!", "uAAAA", "", "u", _short_list()])
def test_bad_encodings_and_lists_below_the_minimum_are_refused(encoded):
    with pytest.raises(StatusListError):
        Bitstring.decode(encoded)


def test_sizes_and_indexes_are_checked():
    with pytest.raises(StatusListError):
        Bitstring(size=12)
    with pytest.raises(StatusListError):
        Bitstring(size=16, bits=bytearray(3))
    bits = Bitstring(size=8)
    for index in (-1, 8):
        with pytest.raises(StatusListError):
            bits.get(index)
        with pytest.raises(StatusListError):
            bits.set(index, True)


def test_random_indexes_avoid_used_ones_and_a_full_list_is_refused():
    assert random_free_index(set(range(7)), size=8) == 7
    drawn = {random_free_index(set()) for _ in range(50)}
    assert len(drawn) > 45  # random over 131,072 entries, not sequential
    assert all(0 <= index < LIST_SIZE for index in drawn)
    with pytest.raises(StatusListError):
        random_free_index(set(range(8)), size=8)


def test_entry_and_list_credential_shapes():
    url = "https://gba.example/api/v1/status-lists/s1"
    assert status_entry(url, "suspension", 94567) == {
        "id": f"{url}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "suspension",
        "statusListIndex": "94567",
        "statusListCredential": url,
    }
    issuer = {"id": "did:web:gba.example", "name": "Body"}
    bits = Bitstring()
    payload = status_list_credential(
        issuer, url, "revocation", bits, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"
    )
    assert payload["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert payload["credentialSubject"]["type"] == "BitstringStatusList"
    assert payload["credentialSubject"]["encodedList"] == bits.encode()
    with pytest.raises(StatusListError):
        status_list_credential(issuer, url, "message", bits, "a", "b")
