"""What a label states: the credential subject built from an approved application."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from service.domain.decimals import to_text
from service.persistence.certification import Application

STANDARDS = ["ISO 14067:2018", "GB/T 24067-2024"]
CHARACTERISATION = "IPCC AR6 GWP100"


def label_subject(
    application: Application, label_id: str, change_since_previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Return the credentialSubject of the label certifying the application's calculation.

    change_since_previous summarises the synergy assessment against the product's previous
    label (reductions of CO2e and of each pollutant, and how they moved together).
    """
    calculation = application.calculation
    result = calculation.result
    product = application.product
    document = application.bom.document
    body = application.body
    parts = result["parts"]
    uptake = Decimal(parts["biogenic_uptake"])
    total = Decimal(result["total_kg_co2e"])
    subject: dict[str, Any] = {
        "labelId": label_id,
        "product": {
            "productName": dict(product.names),
            "sku": product.sku,
            "manufacturer": {
                "id": f"urn:gba-footprint:organisation:{application.manufacturer_org_id}",
                "name": application.manufacturer.name,
            },
            "site": dict(document["site"]),
        },
        "declaredUnit": dict(result["declared_unit"]),
        # PACT v3 names (Technical Specifications v3, ProductFootprint.pcf).
        "pcfExcludingBiogenicUptake": result["total_kg_co2e"],
        "pcfIncludingBiogenicUptake": to_text(total + uptake),
        "fossilGhgEmissions": parts["fossil"],
        "biogenicEmissions": parts["biogenic"],
        "landUseChangeGhgEmissions": parts["land_use_change"],
        "biogenicUptake": parts["biogenic_uptake"],
        "unitOfMeasurement": "kg CO2e",
        "characterization": CHARACTERISATION,
        "systemBoundary": document["system_boundary"],
        "standards": list(STANDARDS),
        "referencePeriod": dict(document["reference_period"]),
        "library": calculation.library_version,
        "method": calculation.method_version,
        "primaryDataShare": result["data_quality"]["primary_data_share"],
        "dataQualityRating": result["data_quality"]["rating"],
        "airPollutants": dict(result["pollutants_kg"]),
        "contributions": [
            {
                "ref": line["ref"],
                "stage": line["stage"],
                "kgCo2e": line["kg_co2e"],
                "share": line["share"],
            }
            for line in result["by_line"]
        ],
        "certificationBody": {
            "id": body.did or "",
            "name": body.name,
            "accreditation": body.accreditation or "",
            "jurisdiction": body.jurisdiction or "",
        },
        "calculationFingerprint": {
            "bomSha256": calculation.bom_sha256,
            "library": calculation.library_version,
            "method": calculation.method_version,
            "engine": calculation.engine_version,
            "matricesSha256": calculation.matrices_sha256,
        },
    }
    if "libraries" in result:  # a BOM mixing library versions names every one
        subject["library"] = " + ".join(entry["version"] for entry in result["libraries"])
    if result.get("restricted_libraries"):
        # Licensed unit-process data: the label states product totals and the databases'
        # names and versions only, no line-by-line contributions.
        del subject["contributions"]
    # Optional facts are left out when unknown, never stated as empty strings.
    if "pollutant_coverage" in result:
        # Share of the footprint whose data report each pollutant: 0 means "not covered".
        subject["airPollutantCoverage"] = dict(result["pollutant_coverage"])
    if product.gtin:
        subject["product"]["gtin"] = product.gtin
    if product.pcr:
        subject["pcr"] = product.pcr
    if change_since_previous is not None:
        subject["changeSincePreviousLabel"] = change_since_previous
    return subject
