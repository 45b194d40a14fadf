"""Signed labels: keys, credentials, status lists, DIDs, trust lists and verification.

The public surface the service imports; `certificates.log` (the transparency log) and
`certificates.render` (QR, SVG and PDF) are sub-surfaces of their own.
"""

from certificates.contexts import label_context
from certificates.credential import (
    credential_digest,
    endorsement_credential,
    label_credential,
    sign_credential,
)
from certificates.did import assertion_key, did_document, did_web_path, did_web_url
from certificates.endorsement import EndorsementCheck, check_endorsement
from certificates.errors import (
    CertificateError,
    InvalidLabelId,
    KeyUnavailable,
    MalformedCredential,
)
from certificates.jws import decode
from certificates.keys import (
    LocalSigner,
    decrypt_private_key,
    encrypt_private_key,
    generate_private_key,
    jwk_thumbprint,
    public_jwk,
)
from certificates.label_ids import JURISDICTION_CODES, LabelId, parse_label_id
from certificates.status_list import (
    LIST_SIZE,
    Bitstring,
    random_free_index,
    status_entry,
    status_list_credential,
)
from certificates.trust_list import TrustedIssuer, TrustedKey, trust_list_credential
from certificates.verify import CLOCK_SKEW, Report, parse_time, verify_label

__all__ = [
    "CLOCK_SKEW",
    "JURISDICTION_CODES",
    "LIST_SIZE",
    "Bitstring",
    "CertificateError",
    "EndorsementCheck",
    "InvalidLabelId",
    "KeyUnavailable",
    "LabelId",
    "LocalSigner",
    "MalformedCredential",
    "Report",
    "TrustedIssuer",
    "TrustedKey",
    "assertion_key",
    "check_endorsement",
    "credential_digest",
    "decode",
    "decrypt_private_key",
    "did_document",
    "did_web_path",
    "did_web_url",
    "encrypt_private_key",
    "endorsement_credential",
    "generate_private_key",
    "jwk_thumbprint",
    "label_context",
    "label_credential",
    "parse_label_id",
    "parse_time",
    "public_jwk",
    "random_free_index",
    "sign_credential",
    "status_entry",
    "status_list_credential",
    "trust_list_credential",
    "verify_label",
]
