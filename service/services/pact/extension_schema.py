"""The JSON Schema of our PACT data-model extension: the signed label behind a footprint."""

from __future__ import annotations

from typing import Any

_TEXT = {"type": "string"}
_DECIMAL = {"type": "string", "pattern": r"^[+-]?\d+(\.\d+)?$"}

EXTENSION_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "GBA carbon footprint label behind a PACT ProductFootprint",
    "description": (
        "The certification body's signed label (a W3C Verifiable Credential secured as "
        "application/vc+jwt) whose calculation the footprint states. Verify the credential "
        "offline: signature against the issuer's did:web document, the issuer on a trust "
        "list, the validity period and both Bitstring Status List entries."
    ),
    "type": "object",
    "required": ["labelId", "credential", "credentialMediaType", "verificationUrl", "issuer"],
    "properties": {
        "labelId": _TEXT,
        "credential": {"type": "string", "pattern": r"^[\w-]+\.[\w-]+\.[\w-]+$"},
        "credentialMediaType": {"const": "application/vc+jwt"},
        "verificationUrl": {"type": "string", "format": "uri"},
        "issuer": _TEXT,
        "labelStatus": {"enum": ["valid", "suspended", "revoked"]},
        "statusReason": _TEXT,
        "supersededBy": {"type": "string", "format": "uuid"},
        "biogenicEmissions": _DECIMAL,
        "dataQualityRating": _DECIMAL,
        "notCovered": {"type": "array", "items": _TEXT},
    },
}
