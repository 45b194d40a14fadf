"""A certified label as a PACT v3 ProductFootprint, built deterministically from stored rows.

The footprint is derived, never edited: its id is a name-based UUID of the label ID, its
numbers come from the certified calculation, and only `status` (and the label-status part of
the extension) follows the label's later life. A later label of the same product supersedes
it (`precedingPfIds` on the new one, `Deprecated` on the old); a revoked or suspended label's
footprint is `Deprecated` with the reason in the extension.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from lca_models import UNITS
from service.domain.decimals import to_text
from service.persistence.certification import Application
from service.persistence.labels import Label

# The data model version of the PACT Technical Specifications v3.0 (`specVersion`; the
# conformance tool's v3 examples state 3.0.0, the 3.0.x releases change no data model field).
SPEC_VERSION = "3.0.0"
# A fixed namespace, so the same label always gives the same footprint id (RFC 9562 UUIDv5).
FOOTPRINT_NAMESPACE = uuid.UUID("6f1d3a52-9b0e-5c7e-8a43-0e2f5b1c9d27")
EXTENSION_VERSION = "1.0.0"
# Our unit dimension -> the PACT declared unit (TS v3 `declaredUnitOfMeasurement`) and the
# symbol of ours it equals.
PACT_UNITS = {
    "mass": ("kilogram", "kg"),
    "energy": ("megajoule", "MJ"),
    "transport": ("ton kilometer", "t*km"),
    "count": ("piece", "piece"),
}
_VOLUME = {"L": ("liter", "L"), "m3": ("cubic meter", "m3")}
_KWH_FAMILY = frozenset({"Wh", "kWh", "MWh"})
# ISO 3166-2 subdivisions and ISO 3166-1 countries of the sites the service knows.
_COUNTRIES = {"HK": "HK", "MO": "MO", "CN": "CN"}
CROSS_SECTORAL_STANDARDS = ["ISO14067"]
PRODUCT_RULE = {
    "operator": "Other",
    "otherOperatorName": "SAMR / Standardization Administration of China",
    "ruleNames": ["GB/T 24067-2024"],
}
# Quantities the service does not determine. The PACT schema requires fossilCarbonContent,
# so it is sent as "0" and named here, in the extension and the comment: not covered.
NOT_COVERED = ["fossilCarbonContent"]


@dataclass(frozen=True)
class LabelRow:
    """What a footprint is built from: a label, its application, and its place in history."""

    label: Label
    application: Application
    preceding_label_ids: tuple[str, ...]
    superseded_by: str | None


def footprint_id(label_id: str) -> str:
    """Return the PACT id of the footprint of a label (stable across calls and hosts)."""
    return str(uuid.uuid5(FOOTPRINT_NAMESPACE, label_id))


def company_id(org_id: str) -> str:
    """Return the URN that names a manufacturer (no `#&+%`: filter values go unencoded)."""
    return f"urn:gba-footprint:organisation:{org_id}"


def product_urns(application: Application) -> list[str]:
    """Return the product's URNs: its GTIN when known, and the service's product id."""
    product = application.product
    urns = [f"urn:gtin:{product.gtin}"] if product.gtin else []
    return [*urns, f"urn:gba-footprint:product:{product.id}"]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _declared(amount: str, unit: str) -> tuple[str, str, Decimal]:
    """Return (PACT unit, amount in it, factor from our declared amount to it)."""
    info = UNITS[unit]
    if unit in _VOLUME:
        pact, symbol = _VOLUME[unit]
    elif unit in _KWH_FAMILY:
        pact, symbol = "kilowatt hour", "kWh"
    else:
        pact, symbol = PACT_UNITS[info.dimension]
    factor = info.to_base / UNITS[symbol].to_base
    return pact, to_text(Decimal(amount) * factor), factor


def _mass_kg(application: Application) -> str | None:
    product = application.product
    if product.declared_unit in UNITS and UNITS[product.declared_unit].dimension == "mass":
        return to_text(Decimal(product.declared_amount) * UNITS[product.declared_unit].to_base)
    if product.mass_kg is None:
        return None
    if product.declared_unit == "piece":
        return to_text(Decimal(product.mass_kg) * Decimal(product.declared_amount))
    return product.mass_kg


def _geography(region: str) -> dict[str, str]:
    code = region.strip().upper()
    if len(code) == 2 and code.isalpha():
        return {"geographyCountry": code}
    country, _, sub = code.partition("-")
    if country in _COUNTRIES and sub and sub.isalnum() and len(sub) <= 3:
        return {"geographyCountrySubdivision": code}
    return {}


def publishable(application: Application) -> bool:
    """Say whether the label's product can be a schema-valid footprint (mass is mandatory)."""
    return _mass_kg(application) is not None


def pact_status(row: LabelRow) -> str:
    """Active, or Deprecated when superseded, revoked or suspended."""
    deprecated = row.superseded_by is not None or row.label.status in ("revoked", "suspended")
    return "Deprecated" if deprecated else "Active"


def _reference_moment(day: str) -> str:
    return f"{day}T00:00:00Z" if len(day) == 10 else day


def carbon_footprint(application: Application, label: Label) -> dict[str, Any]:
    """Return the `pcf` object: the certified calculation in PACT v3 names."""
    result = application.calculation.result
    document = application.bom.document
    product = application.product
    parts = result["parts"]
    total = Decimal(result["total_kg_co2e"])
    uptake = Decimal(parts["biogenic_uptake"])
    pact_unit, amount, _ = _declared(product.declared_amount, product.declared_unit)
    share = Decimal(result["data_quality"]["primary_data_share"]) * 100
    pcf: dict[str, Any] = {
        "declaredUnitOfMeasurement": pact_unit,
        "declaredUnitAmount": amount,
        "productMassPerDeclaredUnit": _mass_kg(application),
        "referencePeriodStart": _reference_moment(document["reference_period"]["start"]),
        "referencePeriodEnd": _reference_moment(document["reference_period"]["end"]),
        **_geography(document["site"]["region"]),
        "boundaryProcessesDescription": document["system_boundary"],
        "pcfExcludingBiogenicUptake": to_text(total),
        "pcfIncludingBiogenicUptake": to_text(total + uptake),
        "fossilGhgEmissions": parts["fossil"],
        "fossilCarbonContent": "0",
        "landUseChangeGhgEmissions": parts["land_use_change"],
        "biogenicCO2Uptake": parts["biogenic_uptake"],
        "ipccCharacterizationFactors": ["AR6"],
        "crossSectoralStandards": list(CROSS_SECTORAL_STANDARDS),
        "productOrSectorSpecificRules": [_rules(product.pcr)],
        # The engine exempts nothing: every BOM line is calculated.
        "exemptedEmissionsPercent": "0",
        "primaryDataShare": to_text(share),
        "verification": {
            "coverage": "product level",
            "providerName": label.body.name,
            "completedAt": _iso(label.created_at),
            "standardName": "ISO 14067:2018; GB/T 24067-2024",
        },
    }
    if share < 100:
        library = application.calculation.library_version
        pcf["secondaryEmissionFactorSources"] = [{"name": library, "version": library}]
    return pcf


def _rules(pcr: str | None) -> dict[str, Any]:
    rule = dict(PRODUCT_RULE)
    rule["ruleNames"] = [*PRODUCT_RULE["ruleNames"], *([pcr] if pcr else [])]
    return rule
