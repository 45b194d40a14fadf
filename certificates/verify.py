"""Offline verification of a label credential, step by step (LABELS.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit

from certificates.credential import CONTEXTS, LABEL_TYPES, MEDIA_TYPE
from certificates.dcc import is_dcc
from certificates.did import assertion_key, did_web_url
from certificates.errors import CertificateError
from certificates.jws import ACCEPTED_ALGORITHMS, DecodedJws, decode, verify
from certificates.keys import jwk_thumbprint
from certificates.status_list import Bitstring
from certificates.trust_list import TrustedIssuer

CLOCK_SKEW = timedelta(minutes=5)  # LABELS.md step 4: allow a few minutes of clock skew
CHECKS = ("signature", "issuer_trusted", "validity_period", "status", "log_inclusion")


class Resolver(Protocol):
    """Where a verifier gets published material: DID documents, status lists, log receipts."""

    def did_document(self, did: str) -> dict[str, Any]:
        """Return the DID document of did."""
        ...

    def status_list(self, url: str) -> str:
        """Return the status list credential (vc+jwt) published at url."""
        ...

    def log_problems(self, token: str, payload: dict[str, Any], issuer: TrustedIssuer) -> list[str]:
        """Return why the credential is not proven in its issuer's log ([] when it is)."""
        ...


@dataclass
class Report:
    """The outcome of verifying one credential."""

    checks: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(CHECKS, False))
    errors: list[str] = field(default_factory=list)
    status: str = "unknown"
    payload: dict[str, Any] | None = None
    issuer: TrustedIssuer | None = None
    kind: str = ""  # "label" (the label credential) or "dcc" (its UNTP DCC) once recognised

    @property
    def verified(self) -> bool:
        """Whether every check passed and the label is valid."""
        return all(self.checks.values()) and self.status == "valid"


def parse_time(text: Any) -> datetime:
    """Parse an XML Schema dateTime with a zone, as VC 2.0 requires."""
    moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return moment


def _trusted_key(
    decoded: DecodedJws, trust: list[TrustedIssuer], resolver: Resolver, report: Report
) -> dict[str, Any] | None:
    header, payload = decoded.header, decoded.payload
    issuer = payload.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    kid = str(header.get("kid", ""))
    if kid.split("#", 1)[0] != issuer_id or "#" not in kid:
        report.errors.append("issuer_trusted: the key ID does not belong to the issuer")
        return None
    trusted = next((t for t in trust if t.did == issuer_id), None)
    if trusted is None:
        report.errors.append(f"issuer_trusted: {issuer_id} is not on the trust list")
        return None
    report.issuer = trusted
    pinned = trusted.key(kid)
    if pinned is None:
        report.errors.append(f"issuer_trusted: key {kid} is not on the trust list")
        return None
    try:
        jwk = assertion_key(resolver.did_document(str(issuer_id)), kid)
    except CertificateError as error:
        report.errors.append(f"issuer_trusted: {error}")
        return None
    if jwk_thumbprint(jwk) != pinned.thumbprint:
        report.errors.append("issuer_trusted: the published key does not match the trust list")
        return None
    report.checks["issuer_trusted"] = True
    return jwk


def _validity(payload: dict[str, Any], now: datetime, report: Report) -> bool:
    try:
        start, end = parse_time(payload["validFrom"]), parse_time(payload["validUntil"])
    except (KeyError, ValueError) as error:
        report.errors.append(f"validity_period: {error}")
        return False
    if now + CLOCK_SKEW < start:
        report.errors.append("validity_period: not valid yet")
    elif now - CLOCK_SKEW > end:
        report.errors.append("validity_period: expired")
        report.status = "expired"
    else:
        report.checks["validity_period"] = True
    return True


def _status(
    payload: dict[str, Any], jwk: dict[str, Any], resolver: Resolver, now: datetime, report: Report
) -> dict[str, bool]:
    bits: dict[str, bool] = {}
    entries = payload.get("credentialStatus") or []
    for entry in entries if isinstance(entries, list) else [entries]:
        purpose = entry.get("statusPurpose")
        try:
            token = resolver.status_list(entry["statusListCredential"])
            list_payload = verify(token, _list_key(token, payload, resolver, jwk))
            if parse_time(list_payload["validUntil"]) < now - CLOCK_SKEW:
                raise CertificateError("the status list has expired")
            subject = list_payload["credentialSubject"]
            if subject["statusPurpose"] != purpose:
                raise CertificateError("the status list is for another purpose")
            bitstring = _decoded_list(str(subject["encodedList"]))
            bits[purpose] = bitstring.get(int(entry["statusListIndex"]))
        except (CertificateError, KeyError, ValueError, TypeError) as error:
            report.errors.append(f"status: {purpose} list unusable: {error}")
            return {}
    if set(bits) != {"revocation", "suspension"}:
        report.errors.append("status: both revocation and suspension entries are required")
        return {}
    report.checks["status"] = True
    return bits


@lru_cache(maxsize=64)
def _decoded_list(encoded: str) -> Bitstring:
    """Decode a status list's bits once per exact encoding (callers only read it)."""
    return Bitstring.decode(encoded)


def _list_key(
    token: str, payload: dict[str, Any], resolver: Resolver, label_jwk: dict[str, Any]
) -> dict[str, Any]:
    header = decode(token).header
    issuer = payload["issuer"]["id"]
    kid = str(header.get("kid", ""))
    if kid.split("#", 1)[0] != issuer:
        raise CertificateError("the status list is signed by another issuer")
    return assertion_key(resolver.did_document(issuer), kid)


def _withdrawn_key_status(
    payload: dict[str, Any], resolver: Resolver, now: datetime, report: Report
) -> None:
    """Say "revoked" (or "suspended") for a trusted issuer's label whose key was withdrawn.

    Such a label cannot be verified any more, but its issuer revokes every label a withdrawn
    key signed (LABELS.md, "Issuers and keys"), and its status lists are signed with a key of
    its current DID document. They are read only on the issuer's own did:web host, so an
    unverified payload cannot send the verifier elsewhere; the verdict is never "valid".
    """
    assert report.issuer is not None  # the issuer is on the trust list
    try:
        host = urlsplit(did_web_url(report.issuer.did)).netloc
    except CertificateError:
        return
    entries = payload.get("credentialStatus")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and urlsplit(str(e.get("statusListCredential", ""))).netloc == host
        for e in entries
    ):
        return
    bits = _status(payload, {}, resolver, now, Report())
    if bits.get("revocation"):
        report.status = "revoked"
    elif bits.get("suspension"):
        report.status = "suspended"
    if report.status in ("revoked", "suspended"):
        report.errors.append(f"status: the label is {report.status}")


def verify_label(
    token: str, trust: list[TrustedIssuer], resolver: Resolver, now: datetime
) -> Report:
    """Run every check on a label credential; MalformedCredential if it is not a JWS."""
    decoded = decode(token)
    report = Report(payload=decoded.payload)
    header, payload = decoded.header, decoded.payload
    if header.get("typ") != MEDIA_TYPE or header.get("alg") not in ACCEPTED_ALGORITHMS:
        report.errors.append("signature: the header must have typ vc+jwt and alg EdDSA/Ed25519")
        return report
    if payload.get("@context") == CONTEXTS and payload.get("type") == LABEL_TYPES:
        report.kind = "label"
    elif is_dcc(payload):
        report.kind = "dcc"  # the same label as a UNTP Digital Conformity Credential
    else:
        report.errors.append("signature: not a carbon footprint label credential nor its DCC")
        return report
    jwk = _trusted_key(decoded, trust, resolver, report)
    if jwk is None:
        if report.issuer is not None:
            _withdrawn_key_status(payload, resolver, now, report)
        return report
    try:
        verify(token, jwk)
    except CertificateError as error:
        report.errors.append(f"signature: {error}")
        return report
    report.checks["signature"] = True
    _validity(payload, now, report)
    bits = _status(payload, jwk, resolver, now, report)
    if report.issuer is not None:
        problems = resolver.log_problems(token, payload, report.issuer)
        report.errors.extend(f"log_inclusion: {p}" for p in problems)
        report.checks["log_inclusion"] = not problems
    if bits.get("revocation"):
        report.status = "revoked"
    elif bits.get("suspension"):
        report.status = "suspended"
    elif report.status != "expired" and report.checks["validity_period"] and bits:
        report.status = "valid"
    if report.status in ("revoked", "suspended"):
        report.errors.append(f"status: the label is {report.status}")
    return report
