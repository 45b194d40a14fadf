"""A GB/T 24067-style data-quality statement for the reviewer's sheet.

GB/T 24067-2024 (identical in substance to ISO 14067:2018, 6.3.5) asks a study to address
data quality by: time-related, geographical and technology coverage; precision;
completeness; representativeness; consistency; reproducibility; sources of the data; and
the uncertainty of the information. Each aspect is stated here from facts of the result (all
decimal strings or codes; pages put them in words).
"""

from __future__ import annotations

from typing import Any

ASPECTS = (
    "time_coverage",
    "geographical_coverage",
    "technology_coverage",
    "precision",
    "completeness",
    "representativeness",
    "consistency",
    "reproducibility",
    "sources",
    "uncertainty",
)


def quality_statement(
    result: dict[str, Any], document: dict[str, Any], lines: list[dict[str, Any]], library: str
) -> dict[str, dict[str, Any]] | None:
    """Return the statement by aspect, or None for a result stored before intervals existed."""
    spread = result.get("uncertainty")
    quality = result["data_quality"]
    if spread is None or "technological_dqr" not in quality:
        return None
    datasets = [line["dataset"] for line in lines if line.get("dataset")]
    years = sorted({str(d["year"]) for d in datasets if d.get("year")})
    total = spread["total_kg_co2e"]
    return {
        "time_coverage": {
            "reference_period": dict(document["reference_period"]),
            "dataset_years": years,
            "temporal_dqr": quality["temporal_dqr"],
        },
        "geographical_coverage": {
            "site_region": document["site"]["region"],
            "dataset_geographies": sorted({d["geography"] for d in datasets}),
            "geographical_dqr": quality["geographical_dqr"],
        },
        "technology_coverage": {
            "grades": sorted({d["grade"] for d in datasets if d.get("grade")}),
            "technological_dqr": quality["technological_dqr"],
        },
        "precision": {"p2_5": total["p2_5"], "p97_5": total["p97_5"], "p50": total["p50"]},
        "completeness": {
            "lines": str(len(lines)),
            "blocked_lines": str(len(spread["blocked"])),
        },
        "representativeness": {
            "primary_data_share": quality["primary_data_share"],
            "rating": quality["rating"],
        },
        "consistency": {"library": library, "datasets": str(len(datasets))},
        "reproducibility": {"seed": spread["seed"], "draws": spread["draws"]},
        "sources": {"sources": sorted({d["source"] for d in datasets})},
        "uncertainty": {
            "method": spread["method"],
            "contributors": [c["ref"] for c in spread["variance_contributors"]],
            "blocked": [f"{b['ref']}: {b['reason']}" for b in spread["blocked"]],
        },
    }
