"""Label and endorsement credentials (W3C VC 2.0) secured as vc+jwt (VC-JOSE-COSE)."""

from __future__ import annotations

import hashlib
from typing import Any

from certificates.contexts import LABEL_CONTEXT_URL, VC_V2_CONTEXT_URL
from certificates.jws import sign_compact
from certificates.keys import Signer

LABEL_TYPES = ["VerifiableCredential", "CarbonFootprintLabelCredential"]
ENDORSEMENT_TYPES = ["VerifiableCredential", "LabelEndorsementCredential"]
TRUST_LIST_TYPES = ["VerifiableCredential", "TrustListCredential"]
CONTEXTS = [VC_V2_CONTEXT_URL, LABEL_CONTEXT_URL]
# VC-JOSE-COSE section 3.1.1: typ "vc+jwt", cty "vc"; LABELS.md pins alg EdDSA and a DID kid.
MEDIA_TYPE = "vc+jwt"


def jws_header(kid: str) -> dict[str, str]:
    """Return the protected header of a credential signed with key kid."""
    return {"alg": "EdDSA", "typ": MEDIA_TYPE, "cty": "vc", "kid": kid}


def label_credential(
    verification_url: str,
    issuer: dict[str, str],
    valid_from: str,
    valid_until: str,
    status: list[dict[str, str]],
    subject: dict[str, Any],
) -> dict[str, Any]:
    """Return the payload of a carbon footprint label credential."""
    return {
        "@context": list(CONTEXTS),
        "id": verification_url,
        "type": list(LABEL_TYPES),
        "issuer": issuer,
        "validFrom": valid_from,
        "validUntil": valid_until,
        "credentialStatus": status,
        "credentialSubject": {"type": "CarbonFootprintLabel"} | subject,
    }


def credential_digest(token: str) -> str:
    """Return the SHA-256 (hex) of a credential's exact compact JWS text."""
    return hashlib.sha256(token.strip().encode("ascii")).hexdigest()


def endorsement_credential(
    endorsement_url: str,
    endorser: dict[str, str],
    label_id: str,
    label_token: str,
    recognised_in: str,
    issued_at: str,
    valid_until: str,
) -> dict[str, Any]:
    """Return the payload of an endorsement: another body recognises a label by ID and digest."""
    return {
        "@context": list(CONTEXTS),
        "id": endorsement_url,
        "type": list(ENDORSEMENT_TYPES),
        "issuer": endorser,
        "validFrom": issued_at,
        "validUntil": valid_until,
        "credentialSubject": {
            "type": "LabelEndorsement",
            "endorsedLabel": label_id,
            "credentialDigest": credential_digest(label_token),
            "recognisedIn": recognised_in,
            "statement": f"recognised in {recognised_in}",
        },
    }


def sign_credential(payload: dict[str, Any], signer: Signer) -> str:
    """Secure a credential payload as a vc+jwt compact JWS."""
    return sign_compact(jws_header(signer.kid), payload, signer)
