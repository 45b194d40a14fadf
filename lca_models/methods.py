"""The project's LCIA methods: IPCC AR6 GWP100 with its parts, and inventory indicators.

Characterisation factors come from data/ipcc_ar6_gwp100.csv (IPCC AR6 WG1, 2021, Chapter 7
Table 7.15 and 7.SM.7), copied from the shared data set and versioned by content hash.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lca_models.errors import LibraryDataError
from lca_models.substances import POLLUTANT_KEYS, SUBSTANCES

GWP_FILE = Path(__file__).parent / "data" / "ipcc_ar6_gwp100.csv"

# Result indicators, in the column order of every score table.
INDICATORS: tuple[str, ...] = (
    "gwp_total",
    "gwp_fossil",
    "gwp_biogenic",
    "gwp_land_use_change",
    "biogenic_uptake",
    "nox",
    "so2",
    "pm25",
    "nmvoc",
)
GWP_PARTS: dict[str, str] = {
    "fossil": "gwp_fossil",
    "biogenic": "gwp_biogenic",
    "land_use_change": "gwp_land_use_change",
}
METHOD_FAMILY = "GBA footprint"


@dataclass(frozen=True)
class MethodSet:
    """Characterisation factors per indicator, keyed by vocabulary substance name."""

    version: str
    factors: dict[str, dict[str, float]]  # indicator -> substance -> factor

    def method_name(self, indicator: str) -> tuple[str, str, str]:
        """Return the Brightway method tuple for an indicator of this version."""
        return (METHOD_FAMILY, self.version, indicator)

    def substance_vector(self, substance: str) -> list[float]:
        """Return one substance's factor for every indicator, in INDICATORS order."""
        return [self.factors[ind].get(substance, 0.0) for ind in INDICATORS]


def _gwp_rows() -> list[dict[str, str]]:
    with GWP_FILE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def load_methods() -> MethodSet:
    """Read the GWP file and build every indicator's factors."""
    raw = GWP_FILE.read_bytes()
    factors: dict[str, dict[str, float]] = {ind: {} for ind in INDICATORS}
    for row in _gwp_rows():
        substance = row["substance"]
        if substance not in SUBSTANCES:
            raise LibraryDataError(f"GWP file names {substance!r}, not in the vocabulary")
        part = GWP_PARTS.get(row["ghg_part"])
        if part is None:
            raise LibraryDataError(f"unknown GHG part {row['ghg_part']!r} for {substance!r}")
        gwp = float(row["gwp100"])
        factors["gwp_total"][substance] = gwp
        factors[part][substance] = gwp
    # Aggregated CO2e flows are already in kg CO2e as their source characterised them.
    for label, part in (("fossil", "gwp_fossil"), ("biogenic", "gwp_biogenic")):
        factors["gwp_total"][f"CO2e aggregated, {label}"] = 1.0
        factors[part][f"CO2e aggregated, {label}"] = 1.0
    factors["gwp_total"]["CO2e aggregated, land use change"] = 1.0
    factors["gwp_land_use_change"]["CO2e aggregated, land use change"] = 1.0
    # ISO 14067 reports removals separately: uptake of CO2 from air counts as -1 kg CO2e,
    # and it stays outside the total (PACT's pcfExcludingBiogenicUptake).
    factors["biogenic_uptake"]["carbon dioxide, biogenic uptake"] = -1.0
    for substance, key in POLLUTANT_KEYS.items():
        factors[key][substance] = 1.0
    # The version covers the factors and the flow mapping they are applied through.
    mapping = repr(sorted((s.name, s.flow_name, s.categories) for s in SUBSTANCES.values()))
    digest = hashlib.sha256(raw + mapping.encode()).hexdigest()[:12]
    return MethodSet(version=f"ipcc-ar6-gwp100+{digest}", factors=factors)
