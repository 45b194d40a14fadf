"""A label's UNTP 0.6.1 Digital Conformity Credential: schema, contexts, numbers, signature."""

from __future__ import annotations

import pytest
from pyld import jsonld
from pyld.jsonld import JsonLdError

from certificates.accreditation import parse_accreditation
from certificates.credential import sign_credential
from certificates.dcc import (
    DCC_CONTEXTS,
    DCC_TYPES,
    DccFacts,
    Party,
    Scheme,
    dcc_credential,
    is_dcc,
    label_id_of,
)
from certificates.jws import decode, verify
from certificates.keys import LocalSigner, generate_private_key
from certificates.status_list import status_entry
from certificates.trust_list import TrustedIssuer, TrustedKey, parse_trust_list
from certificates.trust_list import trust_list_credential as trust_list
from tests.certificates.test_credential_jsonld import (
    _credentials,
    _expanded_leaves,
    _leaves,
    _loader,
)
from tests.untp_files import dropped_by_expansion, requires_untp, untp_problems

LABEL_ID = "GBA-GDSZ-2026-000042-X"


def facts(**changes) -> DccFacts:
    base = DccFacts(
        credential_url=f"https://gba.example/api/v1/labels/{LABEL_ID}/dcc",
        attestation_url=f"https://gba.example/l/{LABEL_ID}",
        label_id=LABEL_ID,
        issuer=Party("did:web:gba.example:bodies:sz", "SZ body"),
        accreditation=parse_accreditation("CNAS C123-P"),
        valid_from="2026-11-25T10:00:00Z",
        valid_until="2028-11-25T10:00:00Z",
        status=[
            status_entry("https://gba.example/api/v1/status-lists/r1", "revocation", 7),
            status_entry("https://gba.example/api/v1/status-lists/s1", "suspension", 9),
        ],
        manufacturer=Party("urn:gba-footprint:organisation:o1", "Power Co.", "o1"),
        product=Party("https://gba.example/01/06901234567892", "Power bank"),
        gtin="06901234567892",
        scheme=Scheme(
            "https://gba.example/schemes/carbon-footprint-label/1",
            "GBA carbon footprint label scheme",
            "Third-party certification of product carbon footprints",
            "1",
            "2026-11-25",
            Party("did:web:gba.example", "operator"),
        ),
        assessment_date="2026-11-25",
        declared_unit="1 piece",
        boundary="cradle-to-gate",
        method="IPCC AR6 GWP100",
        metrics=[("total excluding biogenic uptake", "4.8121"), ("fossil", "4.61")],
        certificate_url=f"https://gba.example/api/v1/labels/{LABEL_ID}/certificate.pdf",
        label_credential_url=f"https://gba.example/api/v1/labels/{LABEL_ID}/credential",
        label_credential_sha256="ab" * 32,
        pcr="PCR 2026:01 portable batteries",
        anchor_url="https://gba.example/bodies/sz/accreditation",
    )
    return DccFacts(**(base.__dict__ | changes))


@requires_untp
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"gtin": None, "pcr": None, "anchor_url": None},
        {"accreditation": parse_accreditation("X 1")},
    ],
    ids=["full", "no-gtin-pcr-anchor", "unknown-accreditor"],
)
def test_a_dcc_passes_untp_validation(changes):
    payload = dcc_credential(facts(**changes))
    assert untp_problems(payload) == []
    assert payload["@context"] == DCC_CONTEXTS and payload["type"] == DCC_TYPES


@requires_untp
def test_the_label_credential_is_refused_for_its_type_and_context():
    problems = untp_problems(_credentials()[0])
    assert any(p.startswith("UNTP DCC schema /type:") for p in problems), problems
    assert any(p.startswith("UNTP DCC schema /@context") for p in problems), problems
    assert any("contexts other than" in p for p in problems), problems


@requires_untp
def test_an_extra_term_is_dropped_and_a_protected_term_cannot_be_redefined():
    payload = dcc_credential(facts())
    payload["credentialSubject"]["pcfExcludingBiogenicUptake"] = "4.8121"
    assert dropped_by_expansion(payload) == 1
    redefined = dcc_credential(facts())
    redefined["@context"] = [*DCC_CONTEXTS, {"ConformityAttestation": "https://x.example/A"}]
    with pytest.raises(JsonLdError):
        dropped_by_expansion(redefined)


def test_declared_values_are_json_numbers_with_units_and_names():
    values = dcc_credential(facts())["credentialSubject"]["assessment"][0]["declaredValue"]
    assert [v["metricValue"] for v in values] == [
        {"type": ["Measure"], "value": 4.8121, "unit": "KGM"},
        {"type": ["Measure"], "value": 4.61, "unit": "KGM"},
    ]
    assert all(
        "kg CO2e per 1 piece" in v["metricName"] and "cradle-to-gate" in v["metricName"]
        for v in values
    )


def test_issuer_authorisation_and_evidence():
    payload = dcc_credential(facts())
    assert payload["issuer"]["issuerAlsoKnownAs"] == [
        {
            "id": "https://www.cnas.org.cn/#accreditation-C123-P",
            "name": "CNAS C123-P",
            "registeredId": "C123-P",
        }
    ]
    subject = payload["credentialSubject"]
    (authorisation,) = subject["authorisation"]
    assert authorisation["issuingAuthority"]["registeredId"] == "CNAS"
    assert authorisation["endorsementEvidence"]["linkURL"].endswith("/accreditation")
    assert subject["auditableEvidence"]["hashDigest"] == "ab" * 32
    assert subject["auditableEvidence"]["hashMethod"] == "SHA-256"
    product = subject["assessment"][0]["assessedProduct"][0]["product"]
    assert product["id"] == "https://gba.example/01/06901234567892"
    assert label_id_of(payload) == LABEL_ID and is_dcc(payload)
    assert label_id_of(_credentials()[0]) == LABEL_ID and not is_dcc(_credentials()[0])


def test_a_signed_dcc_verifies_and_is_enveloping():
    signer = LocalSigner("did:web:gba.example:bodies:sz#key-2026", generate_private_key())
    token = sign_credential(dcc_credential(facts()), signer)
    assert decode(token).header["typ"] == "vc+jwt"
    assert verify(token, signer.public_jwk())["type"] == DCC_TYPES


def test_the_trust_lists_identity_anchor_link_is_a_defined_term():
    did = "did:web:gba.example:bodies:sz"
    issuer = TrustedIssuer(
        did,
        "SZ body",
        "CN-GD",
        "CNAS C123-P",
        ("ISO 14067:2018",),
        (TrustedKey(f"{did}#key-2026", "thumb"),),
        identity_anchor="https://gba.example/api/v1/bodies/o1/identity-anchor",
    )
    payload = trust_list(
        "https://gba.example/api/v1/trust-list",
        {"id": "did:web:gba.example", "name": "operator"},
        [issuer],
        "2026-11-25T10:00:00Z",
        "2026-11-26T10:00:00Z",
    )
    assert payload["credentialSubject"]["trustedIssuers"][0]["identityAnchor"].endswith("anchor")
    expanded = jsonld.expand(payload, {"documentLoader": _loader})
    assert _expanded_leaves(expanded) == _leaves(payload)
    assert parse_trust_list(payload) == [issuer]
