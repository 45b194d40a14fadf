"""Checking an endorsement: a recognised body's signed recognition of a label."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from certificates.credential import CONTEXTS, ENDORSEMENT_TYPES, credential_digest
from certificates.did import assertion_key
from certificates.errors import CertificateError
from certificates.jws import decode, verify
from certificates.keys import jwk_thumbprint
from certificates.trust_list import TrustedIssuer
from certificates.verify import CLOCK_SKEW, Resolver, parse_time


@dataclass
class EndorsementCheck:
    """Whether an endorsement holds, who made it and where it recognises the label."""

    valid: bool = False
    endorser: str = ""
    endorser_name: str = ""
    recognised_in: str = ""
    errors: list[str] = field(default_factory=list)


def check_endorsement(
    token: str,
    label_id: str,
    label_token: str,
    trust: list[TrustedIssuer],
    resolver: Resolver,
    now: datetime,
) -> EndorsementCheck:
    """Verify an endorsement of label_id whose digest must match label_token exactly."""
    result = EndorsementCheck()
    try:
        decoded = decode(token)
        payload = decoded.payload
        if payload.get("@context") != CONTEXTS or payload.get("type") != ENDORSEMENT_TYPES:
            raise CertificateError("not an endorsement credential")
        endorser = str(payload["issuer"]["id"])
        result.endorser = endorser
        kid = str(decoded.header.get("kid", ""))
        trusted = next((t for t in trust if t.did == endorser), None)
        if trusted is None or kid.split("#", 1)[0] != endorser:
            raise CertificateError(f"{endorser} is not a recognised body")
        pinned = trusted.key(kid)
        jwk = assertion_key(resolver.did_document(endorser), kid)
        if pinned is None or jwk_thumbprint(jwk) != pinned.thumbprint:
            raise CertificateError("the endorser's key is not on the trust list")
        verify(token, jwk)
        subject = payload["credentialSubject"]
        if subject["endorsedLabel"] != label_id:
            raise CertificateError("the endorsement names another label")
        if subject["credentialDigest"] != credential_digest(label_token):
            raise CertificateError("the endorsement is for another version of the credential")
        start, end = parse_time(payload["validFrom"]), parse_time(payload["validUntil"])
        if not start - CLOCK_SKEW <= now <= end + CLOCK_SKEW:
            raise CertificateError("the endorsement is outside its validity period")
        result.endorser_name = trusted.name
        result.recognised_in = str(subject["recognisedIn"])
        result.valid = True
    except (CertificateError, KeyError, TypeError, ValueError) as error:
        result.errors.append(str(error))
    return result
