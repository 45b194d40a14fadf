"""A specimen label credential for previews, tests and benchmarks of the renderings."""

from __future__ import annotations

import copy
from typing import Any

SPECIMEN_URL = "https://gba.example/l/GBA-SZ-2026-000042-7"

_SPECIMEN: dict[str, Any] = {
    "id": SPECIMEN_URL,
    "type": ["VerifiableCredential", "CarbonFootprintLabelCredential"],
    "issuer": {"id": "did:web:gba.example:bodies:sz", "name": "Shenzhen Certification Body"},
    "validFrom": "2026-11-25T10:00:00Z",
    "validUntil": "2028-11-25T10:00:00Z",
    "credentialSubject": {
        "type": "CarbonFootprintLabel",
        "labelId": "GBA-SZ-2026-000042-7",
        "product": {
            "productName": {
                "zh-Hans": "移动电源",
                "zh-Hant": "流動電源",
                "en": "Power bank",
                "pt": "Carregador portátil",
            },
            "gtin": "06901234567892",
            "sku": "PB-20000",
            "manufacturer": {"id": "org_01JD3Q6Z8K", "name": "Shenzhen Power Co."},
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
        "pcr": None,
        "referencePeriod": {"start": "2025-01-01", "end": "2026-01-01"},
        "library": "gba-open-2026.11+d00e5d6417d1",
        "method": "ipcc-ar6-gwp100+da05197a304c",
        "primaryDataShare": "0.23",
        "dataQualityRating": "1.8",
        "uncertainty": {
            "method": "monte-carlo",
            "draws": "1000",
            "seed": "5170362958125186601",
            "confidence": "0.95",
            "lowerBound": "4.21337",
            "median": "4.79102",
            "upperBound": "5.61489",
            "mean": "4.83021",
        },
        "dataQualityIndicators": {
            "technologicalDQR": "2.4",
            "geographicalDQR": "1.7",
            "temporalDQR": "1.2",
        },
        "airPollutants": {"nox": "0.0031", "so2": "0.0012", "pm25": "0.0004", "nmvoc": "0.0009"},
        "contributions": [
            {"ref": "cells", "stage": "raw_materials", "kgCo2e": "2.2", "share": "0.4572"},
            {"ref": "pcb-assembly", "stage": "raw_materials", "kgCo2e": "1.1", "share": "0.2286"},
            {
                "ref": "assembly-electricity",
                "stage": "production",
                "kgCo2e": "0.71",
                "share": "0.1475",
            },
            {
                "ref": "aluminium-case",
                "stage": "raw_materials",
                "kgCo2e": "0.45",
                "share": "0.0935",
            },
            {"ref": "packaging", "stage": "raw_materials", "kgCo2e": "0.3521", "share": "0.0732"},
        ],
        "certificationBody": {
            "id": "did:web:gba.example:bodies:sz",
            "name": "Shenzhen Certification Body",
            "accreditation": "CNAS C123-P",
            "jurisdiction": "CN-GD",
        },
        "calculationFingerprint": {
            "bomSha256": "9f2c4b1e0d7a3c5e8b6f1a2d4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f7a8b9c0d1e",
            "library": "gba-open-2026.11+d00e5d6417d1",
            "method": "ipcc-ar6-gwp100+da05197a304c",
            "engine": "gba-footprint 0.1.0",
        },
    },
}


def specimen_credential() -> dict[str, Any]:
    """Return a fresh copy of the specimen credential payload (callers may alter it)."""
    return copy.deepcopy(_SPECIMEN)
