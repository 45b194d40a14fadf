"""A label as a UN Transparency Protocol (UNTP 0.6.1) Digital Conformity Credential.

The DCC is a second credential beside the label credential: it uses only the W3C VC 2.0 and
the UNTP DCC contexts, whose terms are protected, so the label's own statements
(contributions, pollutants, fingerprint) stay in the label credential and the DCC points at
it by URL and SHA-256 (auditableEvidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from certificates.accreditation import Accreditation
from certificates.contexts import VC_V2_CONTEXT_URL

UNTP_DCC_CONTEXT_URL = "https://test.uncefact.org/vocabulary/untp/dcc/0.6.1/"
UNTP_DCC_SCHEMA_URL = "https://test.uncefact.org/vocabulary/untp/dcc/untp-dcc-schema-0.6.1.json"
DCC_CONTEXTS = [VC_V2_CONTEXT_URL, UNTP_DCC_CONTEXT_URL]
DCC_TYPES = ["DigitalConformityCredential", "VerifiableCredential"]
# UNTP's link type vocabulary (the DCC schema's linkType example) and GS1's Web Vocabulary.
UNTP_LINK_TYPES = "https://test.uncefact.org/vocabulary/linkTypes/"
GS1_LINK_TYPES = "https://gs1.org/voc/"
# UNECE Recommendation 20 unit code for kilogram; UNTP's Measure.unit draws from Rec 20, which
# has no CO2-equivalent unit, so the metric's name says "kg CO2e".
KILOGRAM = "KGM"
# The label's standards (LABELS.md): ISO 14067:2018 (ISO catalogue entry 71206, published
# 2018-08) as the reference standard, GB/T 24067-2024 (SAMR/SAC) as a criterion beside it,
# since UNTP 0.6.1 allows one referenceStandard per assessment.
ISO_14067 = {
    "type": ["Standard"],
    "id": "https://www.iso.org/standard/71206.html",
    "name": "ISO 14067:2018 Greenhouse gases — Carbon footprint of products",
    "issuingParty": {
        "id": "https://www.iso.org/",
        "name": "International Organization for Standardization",
    },
    "issueDate": "2018-08-01",
}
GB_T_24067 = {
    "type": ["Criterion"],
    "id": "https://openstd.samr.gov.cn/bzgk/gb/std_list?p.p2=GB/T%2024067-2024",
    "name": "GB/T 24067-2024",
    "description": "Greenhouse gases — Carbon footprint of products — Requirements and guidelines "
    "for quantification (China's national standard corresponding to ISO 14067:2018)",
    "conformityTopic": "environment.emissions",
    "status": "active",
}


@dataclass(frozen=True)
class Party:
    """An organisation named in the credential (URI, name, optional register number)."""

    id: str
    name: str
    registered_id: str | None = None

    def as_json(self) -> dict[str, str]:
        """Return the party as UNTP writes it."""
        found = {"id": self.id, "name": self.name}
        if self.registered_id:
            found["registeredId"] = self.registered_id
        return found


@dataclass(frozen=True)
class Scheme:
    """The certification scheme a label is issued under."""

    id: str
    name: str
    description: str
    version: str
    valid_from: str  # YYYY-MM-DD
    owner: Party


@dataclass(frozen=True)
class DccFacts:
    """Everything a label's DCC states, as plain values (the service gathers them)."""

    credential_url: str
    attestation_url: str  # the label's verification URL: the attestation is the label
    label_id: str
    issuer: Party
    accreditation: Accreditation
    valid_from: str
    valid_until: str
    status: list[dict[str, str]]
    manufacturer: Party
    product: Party
    gtin: str | None
    scheme: Scheme
    assessment_date: str  # YYYY-MM-DD
    declared_unit: str  # e.g. "1 piece"
    boundary: str
    method: str
    # (what, kg CO2e per declared unit as decimal text)
    metrics: list[tuple[str, str]]
    certificate_url: str
    label_credential_url: str
    label_credential_sha256: str
    pcr: str | None = None
    anchor_url: str | None = None  # the accreditation statement (identity anchor), if any


def _authorisation(facts: DccFacts) -> dict[str, Any]:
    accreditation = facts.accreditation
    authority = (
        Party(accreditation.body.url, accreditation.body.name, accreditation.body.code)
        if accreditation.body is not None
        else Party(accreditation.uri, accreditation.text)
    )
    endorsement: dict[str, Any] = {
        "type": ["Endorsement"],
        "id": accreditation.uri,
        "name": f"Accreditation {accreditation.text} of {facts.issuer.name}",
        "issuingAuthority": authority.as_json(),
    }
    if facts.anchor_url:
        endorsement["endorsementEvidence"] = {
            "type": ["Link"],
            "linkURL": facts.anchor_url,
            "linkName": f"Accreditation statement of {facts.issuer.name}",
            "linkType": f"{UNTP_LINK_TYPES}dia",
        }
    return endorsement


def _product(facts: DccFacts) -> dict[str, Any]:
    product: dict[str, Any] = dict(facts.product.as_json())
    if facts.gtin:
        product["registeredId"] = facts.gtin
        product["idScheme"] = {
            "type": ["IdentifierScheme"],
            "id": "https://id.gs1.org/01/",
            "name": "Global Trade Item Number (GTIN)",
        }
    return {"type": ["ProductVerification"], "product": product, "IDverifiedByCAB": True}


def _criteria(facts: DccFacts) -> list[dict[str, Any]]:
    criteria: list[dict[str, Any]] = [dict(GB_T_24067)]
    if facts.pcr:
        slug = "".join(c if c.isalnum() else "-" for c in facts.pcr)
        criteria.insert(
            0,
            {
                "type": ["Criterion"],
                "id": f"urn:gba-footprint:pcr:{slug}",
                "name": facts.pcr,
                "description": f"Product category rules {facts.pcr}",
                "conformityTopic": "environment.emissions",
                "status": "active",
            },
        )
    return criteria


def _metric(what: str, value: str, facts: DccFacts) -> dict[str, Any]:
    # UNTP's Measure.value is a JSON number: the decimal text becomes the nearest double.
    return {
        "type": ["Metric"],
        "metricName": (
            f"Carbon footprint, {what} (kg CO2e per {facts.declared_unit}; "
            f"{facts.boundary}; {facts.method})"
        ),
        "metricValue": {"type": ["Measure"], "value": float(Decimal(value)), "unit": KILOGRAM},
    }


def _assessment(facts: DccFacts) -> dict[str, Any]:
    return {
        "type": ["ConformityAssessment", "Declaration"],
        "id": f"{facts.attestation_url}#assessment",
        "name": f"Product carbon footprint of {facts.product.name}",
        "assessmentDate": facts.assessment_date,
        "referenceStandard": dict(ISO_14067),
        "assessmentCriteria": _criteria(facts),
        "assessedProduct": [_product(facts)],
        "declaredValue": [_metric(what, value, facts) for what, value in facts.metrics],
        "conformance": True,
        "conformityTopic": "environment.emissions",
    }


def _link(url: str, name: str, kind: str, media_sha256: str | None = None) -> dict[str, Any]:
    link: dict[str, Any] = {
        "type": ["SecureLink", "Link"],
        "linkURL": url,
        "linkName": name,
        "linkType": kind,
    }
    if media_sha256 is not None:
        link |= {"hashDigest": media_sha256, "hashMethod": "SHA-256", "encryptionMethod": "none"}
    return link


def dcc_credential(facts: DccFacts) -> dict[str, Any]:
    """Return the payload of a label's UNTP Digital Conformity Credential."""
    scheme = facts.scheme
    issuer_aka = {
        "id": facts.accreditation.uri,
        "name": facts.accreditation.text,
        "registeredId": facts.accreditation.registration,
    }
    return {
        "@context": list(DCC_CONTEXTS),
        "type": list(DCC_TYPES),
        "id": facts.credential_url,
        "issuer": {
            "type": ["CredentialIssuer"],
            "id": facts.issuer.id,
            "name": facts.issuer.name,
            "issuerAlsoKnownAs": [issuer_aka],
        },
        "validFrom": facts.valid_from,
        "validUntil": facts.valid_until,
        "credentialSchema": {"id": UNTP_DCC_SCHEMA_URL, "type": "JsonSchema"},
        "credentialStatus": list(facts.status),
        "credentialSubject": {
            "type": ["ConformityAttestation", "Attestation"],
            "id": facts.attestation_url,
            "name": f"GBA carbon footprint label {facts.label_id}",
            "description": (
                f"Third-party certified product carbon footprint of {facts.product.name}, "
                f"per {facts.declared_unit}"
            ),
            "assessorLevel": "3rdParty",
            "assessmentLevel": "Accredited",
            "attestationType": "certification",
            "issuedToParty": facts.manufacturer.as_json(),
            "authorisation": [_authorisation(facts)],
            "scope": {
                "type": ["ConformityScheme"],
                "id": scheme.id,
                "name": scheme.name,
                "description": scheme.description,
                "version": scheme.version,
                "validFrom": scheme.valid_from,
                "owner": scheme.owner.as_json(),
            },
            "conformityCertificate": _link(
                facts.certificate_url,
                f"Certificate of label {facts.label_id} (PDF, rendered in its current status)",
                f"{GS1_LINK_TYPES}certificationInfo",
            ),
            "auditableEvidence": _link(
                facts.label_credential_url,
                f"Label credential {facts.label_id} (vc+jwt): contributions, pollutants, "
                "data quality and calculation fingerprint",
                f"{GS1_LINK_TYPES}certificationInfo",
                facts.label_credential_sha256,
            ),
            "assessment": [_assessment(facts)],
        },
    }


def is_dcc(payload: dict[str, Any]) -> bool:
    """Whether a payload is a DCC as this service writes them (exact contexts and types)."""
    return payload.get("@context") == DCC_CONTEXTS and payload.get("type") == DCC_TYPES


def verification_url_of(payload: dict[str, Any]) -> str:
    """Return the label verification URL a label credential or a DCC names."""
    if not is_dcc(payload):
        return str(payload.get("id", ""))
    subject = payload.get("credentialSubject")
    return str(subject.get("id", "")) if isinstance(subject, dict) else ""


def label_id_of(payload: dict[str, Any]) -> str:
    """Return the label ID a label credential or a DCC is about ("" when it names none)."""
    subject = payload.get("credentialSubject")
    if not is_dcc(payload):
        return str(subject.get("labelId", "")) if isinstance(subject, dict) else ""
    url = verification_url_of(payload)
    return url.rsplit("/l/", 1)[1] if "/l/" in url else ""
