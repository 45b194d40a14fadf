"""Label credentials: signed as vc+jwt, and every term defined by the pinned contexts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyld import BUNDLED_CONTEXTS, jsonld

from certificates.contexts import LABEL_CONTEXT_URL, label_context
from certificates.credential import endorsement_credential, label_credential, sign_credential
from certificates.jws import decode, verify
from certificates.keys import LocalSigner, generate_private_key
from certificates.status_list import status_entry
from certificates.trust_list import TrustedIssuer, TrustedKey, trust_list_credential

SUBJECT: dict[str, Any] = {
    "labelId": "GBA-GDSZ-2026-000042-X",
    "product": {
        "productName": {"zh-Hans": "移动电源", "zh-Hant": "流動電源", "en": "Power bank"},
        "gtin": "06901234567892",
        "sku": "PB-20000",
        "manufacturer": {"id": "urn:gba:org:org_1", "name": "Power Co."},
        "site": {"name": "Bao'an plant", "region": "CN-GD"},
    },
    "declaredUnit": {"amount": "1", "unit": "piece"},
    "pcfExcludingBiogenicUptake": "4.8121",
    "pcfIncludingBiogenicUptake": "4.7921",
    "fossilGhgEmissions": "4.61",
    "biogenicEmissions": "0.05",
    "landUseChangeGhgEmissions": "0.1521",
    "biogenicUptake": "-0.02",
    "unitOfMeasurement": "kg CO2e",
    "characterization": "IPCC AR6 GWP100",
    "systemBoundary": "cradle-to-gate",
    "standards": ["ISO 14067:2018", "GB/T 24067-2024"],
    "referencePeriod": {"start": "2025-01-01", "end": "2026-01-01"},
    "primaryDataShare": "0.23",
    "dataQualityRating": "1.8",
    "airPollutants": {"nox": "0.0031", "so2": "0.0012", "pm25": "0.0004", "nmvoc": "0.0009"},
    "airPollutantCoverage": {"nox": "0.2832", "so2": "0.2832", "pm25": "0", "nmvoc": "1"},
    "contributions": [
        {"ref": "cells", "stage": "raw_materials", "kgCo2e": "2.2", "share": "0.4572"}
    ],
    "certificationBody": {
        "id": "did:web:gba.example:bodies:sz",
        "name": "SZ body",
        "accreditation": "CNAS C123-P",
        "jurisdiction": "CN-GD",
    },
    "calculationFingerprint": {
        "bomSha256": "ab" * 32,
        "library": "gba-open-2026.11+x",
        "method": "ipcc-ar6-gwp100+y",
        "engine": "gba-engine-4",
        "matricesSha256": "cd" * 32,
    },
    "changeSincePreviousLabel": {
        "previousLabelId": "GBA-GDSZ-2025-000007-3",
        "co2eReduction": "0.12",
        "pollutantChanges": {
            "nox": {"reduction": "0.3", "classification": "synergy"},
            "so2": {"reduction": "-0.1", "classification": "trade_off"},
            "pm25": {"reduction": "0", "classification": "carbon_only"},
            "nmvoc": {},
        },
    },
}


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    """Serve only pinned contexts: pyld's bundled W3C ones and our own file."""
    if url == LABEL_CONTEXT_URL:
        document = label_context()
    elif url in BUNDLED_CONTEXTS:
        # pyld ships the W3C contexts as files (pyld.BUNDLED_CONTEXTS maps URL -> path).
        document = json.loads(Path(BUNDLED_CONTEXTS[url]).read_text(encoding="utf-8"))
    else:
        raise AssertionError(f"tried to load an unpinned context {url}")
    return {"contextUrl": None, "documentUrl": url, "document": document}


def _leaves(value: Any) -> int:
    """Count scalar values outside JSON-LD keywords (@context is not data)."""
    if isinstance(value, dict):
        return sum(_leaves(v) for k, v in value.items() if k != "@context")
    if isinstance(value, list):
        return sum(_leaves(v) for v in value)
    return 1


def _expanded_leaves(value: Any) -> int:
    if isinstance(value, dict):
        if "@value" in value:
            return 1
        return sum(
            _expanded_leaves(v)
            if k not in ("@id", "@type")
            else (len(v) if isinstance(v, list) else 1)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return sum(_expanded_leaves(v) for v in value)
    return 1


def _credentials() -> list[dict[str, Any]]:
    did = "did:web:gba.example:bodies:sz"
    label = label_credential(
        "https://gba.example/l/GBA-GDSZ-2026-000042-X",
        {"id": did, "name": "SZ body"},
        "2026-11-25T10:00:00Z",
        "2028-11-25T10:00:00Z",
        [
            status_entry("https://gba.example/api/v1/status-lists/r1", "revocation", 7),
            status_entry("https://gba.example/api/v1/status-lists/s1", "suspension", 9),
        ],
        SUBJECT,
    )
    endorsement = endorsement_credential(
        "https://hk.example/endorsements/1",
        {"id": "did:web:hk.example", "name": "HK body"},
        "GBA-GDSZ-2026-000042-X",
        "a.b.c",
        "HK",
        "2026-11-26T00:00:00Z",
        "2028-11-25T10:00:00Z",
    )
    trust = trust_list_credential(
        "https://gba.example/api/v1/trust-list",
        {"id": "did:web:gba.example", "name": "operator"},
        [
            TrustedIssuer(
                did,
                "SZ body",
                "CN-GD",
                "CNAS C123-P",
                ("ISO 14067:2018",),
                (TrustedKey(f"{did}#key-2026", "thumb"),),
                "gba.example/log",
                "k+1+AQ",
            )
        ],
        "2026-11-25T10:00:00Z",
        "2026-11-26T10:00:00Z",
    )
    return [label, endorsement, trust]


@pytest.mark.parametrize("credential", _credentials(), ids=["label", "endorsement", "trust-list"])
def test_expansion_with_pinned_contexts_drops_nothing(credential):
    expanded = jsonld.expand(credential, {"documentLoader": _loader})
    # Every value of the credential survives expansion: an undefined term would be dropped.
    assert _expanded_leaves(expanded) == _leaves(credential)


def test_a_signed_label_verifies_with_joserfc_and_tampering_fails():
    signer = LocalSigner("did:web:gba.example:bodies:sz#key-2026", generate_private_key())
    token = sign_credential(_credentials()[0], signer)
    decoded = decode(token)
    assert decoded.header == {
        "alg": "EdDSA",
        "typ": "vc+jwt",
        "cty": "vc",
        "kid": "did:web:gba.example:bodies:sz#key-2026",
    }
    assert verify(token, signer.public_jwk())["credentialSubject"]["labelId"] == SUBJECT["labelId"]


def test_an_undefined_term_is_caught_by_the_expansion_check():
    credential = _credentials()[0]
    credential["credentialSubject"] = credential["credentialSubject"] | {"undefinedTerm": "x"}
    expanded = jsonld.expand(credential, {"documentLoader": _loader})
    assert _expanded_leaves(expanded) == _leaves(credential) - 1
