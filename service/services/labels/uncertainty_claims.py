"""What a label states about its result's uncertainty and data quality (credential claims)."""

from __future__ import annotations

from typing import Any


def uncertainty_claims(result: dict[str, Any]) -> dict[str, Any]:
    """Return the interval and PACT data-quality claims of a stored result (none if absent).

    Terms are defined in certificates/contexts/label-v1.jsonld; the DQR names are PACT v3's
    (DataQualityIndicators). Values keep the API's precision; pages round them.
    """
    claims: dict[str, Any] = {}
    spread = result.get("uncertainty")
    if spread:
        total = spread["total_kg_co2e"]
        claims["uncertainty"] = {
            "method": spread["method"],
            "draws": spread["draws"],
            "seed": spread["seed"],
            "confidence": spread["confidence"],
            "lowerBound": total["p2_5"],
            "median": total["p50"],
            "upperBound": total["p97_5"],
            "mean": total["mean"],
        }
    quality = result.get("data_quality", {})
    if "technological_dqr" in quality:
        claims["dataQualityIndicators"] = {
            "technologicalDQR": quality["technological_dqr"],
            "geographicalDQR": quality["geographical_dqr"],
            "temporalDQR": quality["temporal_dqr"],
        }
    return claims
