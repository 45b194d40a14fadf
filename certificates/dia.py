"""A body's accreditation as a UNTP 0.6.1 Digital Identity Anchor (DIA) credential.

A DIA binds a DID to an identity in an authoritative register; here the register is an
accreditation body's register of accredited certification bodies (registerType
"Accreditation"), so a UNTP verifier can tell who stands behind a body's did:web.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from certificates.accreditation import Accreditation
from certificates.contexts import VC_V2_CONTEXT_URL
from certificates.errors import MalformedCredential

UNTP_DIA_CONTEXT_URL = "https://test.uncefact.org/vocabulary/untp/dia/0.6.1/"
DIA_CONTEXTS = [VC_V2_CONTEXT_URL, UNTP_DIA_CONTEXT_URL]
DIA_TYPES = ["DigitalIdentityAnchor", "VerifiableCredential"]
# The DID Core service type under which a body's DID document links to its identity anchor.
IDENTITY_ANCHOR_SERVICE = "DigitalIdentityAnchor"


def identity_anchor_credential(
    url: str,
    issuer: dict[str, str],
    subject_did: str,
    subject_name: str,
    accreditation: Accreditation,
    scope: list[str],
    valid_from: str,
    valid_until: str,
) -> dict[str, Any]:
    """Return the payload of a DIA stating a body's accreditation (who granted it, number)."""
    register = accreditation.body
    subject: dict[str, Any] = {
        "type": ["RegisteredIdentity"],
        "id": subject_did,
        "name": subject_name,
        "registeredId": accreditation.registration,
        "registerType": "Accreditation",
        "registrationScopeList": list(scope),
    }
    if register is not None:
        subject["idScheme"] = {
            "type": ["IdentifierScheme"],
            "id": register.url,
            "name": f"{register.name} ({register.code}) register of accredited bodies",
        }
    return {
        "@context": list(DIA_CONTEXTS),
        "type": list(DIA_TYPES),
        "id": url,
        "issuer": {"type": ["CredentialIssuer"], **issuer},
        "validFrom": valid_from,
        "validUntil": valid_until,
        "credentialSubject": subject,
    }


@dataclass(frozen=True)
class IdentityAnchor:
    """What a DIA of an accreditation says."""

    issuer_did: str
    issuer_name: str
    subject_did: str
    registered_id: str
    valid_from: str
    valid_until: str


def read_identity_anchor(payload: dict[str, Any]) -> IdentityAnchor:
    """Read an accreditation DIA's statements; MalformedCredential if it is not one."""
    if payload.get("type") != DIA_TYPES or payload.get("@context") != DIA_CONTEXTS:
        raise MalformedCredential("not a UNTP 0.6.1 Digital Identity Anchor credential")
    try:
        issuer, subject = payload["issuer"], payload["credentialSubject"]
        if subject.get("registerType") != "Accreditation":
            raise MalformedCredential("the identity anchor is not of an accreditation register")
        return IdentityAnchor(
            issuer_did=str(issuer["id"]),
            issuer_name=str(issuer["name"]),
            subject_did=str(subject["id"]),
            registered_id=str(subject.get("registeredId", "")),
            valid_from=str(payload["validFrom"]),
            valid_until=str(payload["validUntil"]),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise MalformedCredential(f"the identity anchor is malformed: {error}") from None
