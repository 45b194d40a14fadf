"""Offline verification, step by step, against published material held in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from certificates.credential import label_credential, sign_credential
from certificates.did import did_document
from certificates.jws import decode, sign_compact
from certificates.keys import LocalSigner, generate_private_key, jwk_thumbprint
from certificates.status_list import Bitstring, status_entry, status_list_credential
from certificates.trust_list import TrustedIssuer, TrustedKey
from certificates.verify import CHECKS, verify_label

DID = "did:web:gba.example:bodies:sz"
LISTS = "https://gba.example/api/v1/status-lists"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
INDEX = {"revocation": 17, "suspension": 4242}


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class World:
    """An issuer's published material: DID document, status lists, and what was asked for."""

    signer: LocalSigner = field(
        default_factory=lambda: LocalSigner(f"{DID}#key-2026", generate_private_key())
    )
    bits: dict[str, Bitstring] = field(
        default_factory=lambda: {p: Bitstring() for p in ("revocation", "suspension")}
    )
    published: list[LocalSigner] = field(default_factory=list)
    list_validity: timedelta = timedelta(hours=24)
    log: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    list_signer: LocalSigner | None = None  # the DID document's newest key when None

    def __post_init__(self) -> None:
        self.published = [self.signer]

    def trust(self, *signers: LocalSigner) -> list[TrustedIssuer]:
        keys = tuple(TrustedKey(s.kid, jwk_thumbprint(s.public_jwk())) for s in signers)
        return [TrustedIssuer(DID, "SZ body", "CN-GD", "CNAS", (), keys or self._keys())]

    def _keys(self) -> tuple[TrustedKey, ...]:
        return tuple(TrustedKey(s.kid, jwk_thumbprint(s.public_jwk())) for s in self.published)

    def did_document(self, did: str) -> dict[str, Any]:
        keys = [
            (s.kid.split("#")[1], s.public_jwk())
            for s in self.published
            if s.kid.split("#")[0] == did
        ]
        return did_document(did, keys)

    def status_list(self, url: str) -> str:
        self.fetched.append(url)
        purpose = url.rsplit("/", 1)[1]
        start = NOW - timedelta(hours=1)
        end = start + self.list_validity
        issuer = {"id": DID, "name": "SZ"}
        bits = self.bits[purpose]
        payload = status_list_credential(issuer, url, purpose, bits, _iso(start), _iso(end))
        return sign_credential(payload, self.list_signer or self.published[-1])

    def log_problems(self, token: str, payload: dict[str, Any], issuer: TrustedIssuer) -> list[str]:
        return list(self.log)

    def label(self, signer: LocalSigner | None = None, days: int = 730, **changes: Any) -> str:
        status = [status_entry(f"{LISTS}/{p}", p, i) for p, i in INDEX.items()]
        payload = label_credential(
            "https://gba.example/l/GBA-GDSZ-2026-000042-C",
            {"id": DID, "name": "SZ body"},
            _iso(NOW - timedelta(days=1)),
            _iso(NOW - timedelta(days=1) + timedelta(days=days)),
            status,
            {"labelId": "GBA-GDSZ-2026-000042-C"},
        )
        return sign_credential(payload | changes, signer or self.signer)


def test_a_good_label_passes_every_check():
    world = World()
    report = verify_label(world.label(), world.trust(), world, NOW)
    assert report.checks == dict.fromkeys(CHECKS, True)
    assert report.verified and report.status == "valid" and report.errors == []


def test_the_rfc_9864_algorithm_name_is_accepted():
    world = World()
    header = {"alg": "Ed25519", "typ": "vc+jwt", "cty": "vc", "kid": world.signer.kid}
    token = sign_compact(header, decode(world.label()).payload, world.signer)
    assert verify_label(token, world.trust(), world, NOW).verified


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "none", "typ": "vc+jwt"},
        {"alg": "ES256", "typ": "vc+jwt"},
        {"alg": "EdDSA", "typ": "JWT"},
        {"alg": "EdDSA"},
    ],
)
def test_other_algorithms_and_types_fail_the_signature(header):
    world = World()
    header = header | {"kid": world.signer.kid}
    token = sign_compact(header, decode(world.label()).payload, world.signer)
    report = verify_label(token, world.trust(), world, NOW)
    assert not report.verified and not any(report.checks.values())


def test_a_credential_that_is_not_a_label_fails():
    world = World()
    for changes in ({"type": ["VerifiableCredential"]}, {"@context": ["https://x.example"]}):
        report = verify_label(world.label(**changes), world.trust(), world, NOW)
        assert not report.verified and not report.checks["signature"]


def test_another_key_under_the_same_kid_fails_the_signature():
    world = World()
    impostor = LocalSigner(world.signer.kid, generate_private_key())
    report = verify_label(world.label(signer=impostor), world.trust(), world, NOW)
    assert report.checks["issuer_trusted"] and not report.checks["signature"]
    assert report.status == "unknown" and world.fetched == []


def test_issuer_and_key_must_be_on_the_trust_list():
    world = World()
    token = world.label()
    assert not verify_label(token, [], world, NOW).checks["issuer_trusted"]
    # The issuer is listed, but with another key pinned.
    other = LocalSigner(f"{DID}#key-2025", generate_private_key())
    assert not verify_label(token, world.trust(other), world, NOW).checks["issuer_trusted"]
    # The key is pinned, but the DID document publishes another key under its kid.
    pinned = world.trust()
    world.published = [LocalSigner(world.signer.kid, generate_private_key())]
    report = verify_label(token, pinned, world, NOW)
    assert not report.checks["issuer_trusted"] and "does not match" in report.errors[0]


def test_a_kid_of_another_did_fails():
    world = World()
    stranger = LocalSigner("did:web:evil.example#key-2026", generate_private_key())
    report = verify_label(world.label(signer=stranger), world.trust(), world, NOW)
    assert not report.checks["issuer_trusted"] and not report.verified


@pytest.mark.parametrize(
    ("shift", "valid", "status"),
    [
        # The label runs from NOW - 1 day to NOW + 729 days; clocks may be 5 minutes apart.
        (timedelta(days=729), True, "valid"),
        (timedelta(days=729, minutes=4), True, "valid"),
        (timedelta(days=729, minutes=6), False, "expired"),
        (timedelta(days=-1, minutes=-4), True, "valid"),
        (timedelta(days=-1, minutes=-6), False, "unknown"),  # not valid yet
    ],
)
def test_the_validity_period(shift, valid, status):
    world = World()
    world.list_validity = timedelta(days=1000)
    report = verify_label(world.label(), world.trust(), world, NOW + shift)
    assert report.checks["validity_period"] is valid
    assert report.status == status and report.verified is (status == "valid")


@pytest.mark.parametrize("purpose", ["revocation", "suspension"])
def test_status_bits_revoke_and_suspend(purpose):
    world = World()
    world.bits[purpose].set(INDEX[purpose], True)
    report = verify_label(world.label(), world.trust(), world, NOW)
    assert report.checks["status"] and report.checks["signature"]
    assert report.status == {"revocation": "revoked", "suspension": "suspended"}[purpose]
    assert not report.verified


def test_revocation_wins_over_suspension_and_expiry():
    world = World()
    world.list_validity = timedelta(days=1000)
    for purpose in INDEX:
        world.bits[purpose].set(INDEX[purpose], True)
    report = verify_label(world.label(), world.trust(), world, NOW + timedelta(days=800))
    assert report.status == "revoked"


def test_a_stale_status_list_fails_the_status_check():
    world = World()
    world.list_validity = timedelta(minutes=30)  # expired 30 minutes ago, beyond the skew
    report = verify_label(world.label(), world.trust(), world, NOW)
    assert not report.checks["status"] and not report.verified


def test_a_status_list_signed_by_a_key_not_in_the_did_document_fails():
    world = World()
    world.list_signer = LocalSigner(f"{DID}#key-2027", generate_private_key())
    report = verify_label(world.label(), world.trust(), world, NOW)
    assert not report.checks["status"] and not report.verified
    assert "not an assertion method" in " ".join(report.errors)


def test_both_status_entries_are_required():
    world = World()
    entry = status_entry(f"{LISTS}/revocation", "revocation", 1)
    report = verify_label(world.label(credentialStatus=[entry]), world.trust(), world, NOW)
    assert not report.checks["status"] and not report.verified


def test_a_log_problem_fails_log_inclusion():
    world = World()
    world.log = ["the leaf hash is not the hash of the entry"]
    report = verify_label(world.label(), world.trust(), world, NOW)
    assert not report.checks["log_inclusion"] and not report.verified
    assert report.status == "valid"  # the label itself is fine; its proof is not


def test_a_label_of_a_withdrawn_key_reads_revoked_from_the_issuers_lists():
    world = World()
    token = world.label()
    successor = LocalSigner(f"{DID}#key-2026-2", generate_private_key())
    world.published = [successor]  # the compromised key left the DID document
    world.bits["revocation"].set(INDEX["revocation"], True)
    report = verify_label(token, world.trust(successor), world, NOW)
    assert report.status == "revoked" and not report.verified
    assert not report.checks["signature"] and not report.checks["issuer_trusted"]
    world.bits["revocation"].set(INDEX["revocation"], False)
    assert verify_label(token, world.trust(successor), world, NOW).status == "unknown"


def test_an_unverified_payload_cannot_send_the_verifier_to_another_host():
    world = World()
    successor = LocalSigner(f"{DID}#key-2026-2", generate_private_key())
    world.published = [successor]
    elsewhere = [status_entry(f"https://evil.example/{p}", p, i) for p, i in INDEX.items()]
    thief = LocalSigner(f"{DID}#key-2026", generate_private_key())
    forged = world.label(signer=thief, credentialStatus=elsewhere)
    report = verify_label(forged, world.trust(successor), world, NOW)
    assert report.status == "unknown" and world.fetched == []
