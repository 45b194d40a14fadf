"""Signed labels: keys, credentials, status lists, DIDs, trust lists and verification.

The public surface the service imports; `certificates.log` (the transparency log) and
`certificates.render` (QR, SVG and PDF) are sub-surfaces of their own.
"""

from certificates.accreditation import parse_accreditation
from certificates.contexts import label_context
from certificates.credential import (
    credential_digest,
    endorsement_credential,
    label_credential,
    sign_credential,
)
from certificates.dcc import (
    GS1_LINK_TYPES,
    UNTP_LINK_TYPES,
    DccFacts,
    Party,
    Scheme,
    dcc_credential,
    is_dcc,
    label_id_of,
    verification_url_of,
)
from certificates.dia import (
    IDENTITY_ANCHOR_SERVICE,
    identity_anchor_credential,
    read_identity_anchor,
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
from certificates.jws import verify as verify_jws
from certificates.keys import (
    LocalSigner,
    Signer,
    decrypt_private_key,
    encrypt_private_key,
    generate_private_key,
    jwk_thumbprint,
    public_jwk,
)
from certificates.label_ids import JURISDICTION_CODES, LabelId, parse_label_id, read_typed
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
    "GS1_LINK_TYPES",
    "IDENTITY_ANCHOR_SERVICE",
    "JURISDICTION_CODES",
    "LIST_SIZE",
    "UNTP_LINK_TYPES",
    "Bitstring",
    "CertificateError",
    "DccFacts",
    "EndorsementCheck",
    "InvalidLabelId",
    "KeyUnavailable",
    "LabelId",
    "LocalSigner",
    "MalformedCredential",
    "Party",
    "Report",
    "Scheme",
    "Signer",
    "TrustedIssuer",
    "TrustedKey",
    "assertion_key",
    "check_endorsement",
    "credential_digest",
    "dcc_credential",
    "decode",
    "decrypt_private_key",
    "did_document",
    "did_web_path",
    "did_web_url",
    "encrypt_private_key",
    "endorsement_credential",
    "generate_private_key",
    "identity_anchor_credential",
    "is_dcc",
    "jwk_thumbprint",
    "label_context",
    "label_credential",
    "label_id_of",
    "parse_accreditation",
    "parse_label_id",
    "parse_time",
    "public_jwk",
    "random_free_index",
    "read_identity_anchor",
    "read_typed",
    "sign_credential",
    "status_entry",
    "status_list_credential",
    "trust_list_credential",
    "verification_url_of",
    "verify_jws",
    "verify_label",
]
