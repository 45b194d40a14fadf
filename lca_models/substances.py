"""The one vocabulary of elementary flows: BOM direct emissions and library exchanges.

Every name maps to one Brightway biosphere flow. Gases and pollutants map to biosphere3's
unspecified-air flows; CO2e totals that a source does not split by gas map to the project's
own aggregated flows, one per GHG part, so that they stay visibly aggregated.
"""

from __future__ import annotations

from dataclasses import dataclass

BIOSPHERE = "biosphere3"
# The project's own biosphere database, holding flows biosphere3 has no equivalent for.
AGGREGATED_FLOWS_DB = "gba-aggregated-flows"


@dataclass(frozen=True)
class Substance:
    """A vocabulary name and the Brightway flow it stands for."""

    name: str
    database: str
    flow_name: str
    categories: tuple[str, ...]
    role: str  # "greenhouse_gas", "pollutant", "removal" or "aggregated"


def _gas(name: str, flow_name: str) -> Substance:
    return Substance(name, BIOSPHERE, flow_name, ("air",), "greenhouse_gas")


def _pollutant(name: str, flow_name: str) -> Substance:
    return Substance(name, BIOSPHERE, flow_name, ("air",), "pollutant")


def _aggregated(part: str) -> Substance:
    return Substance(
        f"CO2e aggregated, {part}",
        AGGREGATED_FLOWS_DB,
        f"Greenhouse gases, aggregated as CO2e, {part}",
        ("air",),
        "aggregated",
    )


# Flow names are biosphere3's (ecoinvent 3.x elementary flow list shipped with bw2io 0.9).
SUBSTANCES: dict[str, Substance] = {
    s.name: s
    for s in (
        _gas("carbon dioxide, fossil", "Carbon dioxide, fossil"),
        _gas("carbon dioxide, non-fossil", "Carbon dioxide, non-fossil"),
        _gas("carbon dioxide, land use change", "Carbon dioxide, from soil or biomass stock"),
        _gas("methane, fossil", "Methane, fossil"),
        _gas("methane, non-fossil", "Methane, non-fossil"),
        _gas("dinitrogen monoxide", "Dinitrogen monoxide"),
        _gas("sulfur hexafluoride", "Sulfur hexafluoride"),
        _gas("nitrogen trifluoride", "Nitrogen fluoride"),
        _gas("HFC-134a", "Ethane, 1,1,1,2-tetrafluoro-, HFC-134a"),
        _gas("HFC-32", "Methane, difluoro-, HFC-32"),
        _gas("HFC-125", "Ethane, pentafluoro-, HFC-125"),
        _gas("HFC-143a", "Ethane, 1,1,1-trifluoro-, HFC-143a"),
        _gas("HFC-23", "Methane, trifluoro-, HFC-23"),
        _gas("tetrafluoromethane", "Methane, tetrafluoro-, R-14"),
        _gas("hexafluoroethane", "Ethane, hexafluoro-, HFC-116"),
        _gas("HFC-152a", "Ethane, 1,1-difluoro-, HFC-152a"),
        _gas("HCFC-22", "Methane, chlorodifluoro-, HCFC-22"),
        _gas("HCFC-141b", "Ethane, 1,1-dichloro-1-fluoro-, HCFC-141b"),
        _pollutant("nitrogen oxides", "Nitrogen oxides"),
        _pollutant("sulfur dioxide", "Sulfur dioxide"),
        _pollutant("particulate matter, < 2.5 um", "Particulate Matter, < 2.5 um"),
        _pollutant("NMVOC", "NMVOC, non-methane volatile organic compounds"),
        Substance(
            "carbon dioxide, biogenic uptake",
            BIOSPHERE,
            "Carbon dioxide, in air",
            ("natural resource", "in air"),
            "removal",
        ),
        _aggregated("fossil"),
        _aggregated("biogenic"),
        _aggregated("land use change"),
    )
}

# What a manufacturer may name in a BOM's direct emission lines (aggregated CO2e is for
# library data only: a site measures gases, not CO2e totals).
EMISSION_SUBSTANCES: tuple[str, ...] = tuple(
    name for name, s in SUBSTANCES.items() if s.role in ("greenhouse_gas", "pollutant", "removal")
)

# Pollutant indicator key for each pollutant substance, as reported in results.
POLLUTANT_KEYS: dict[str, str] = {
    "nitrogen oxides": "nox",
    "sulfur dioxide": "so2",
    "particulate matter, < 2.5 um": "pm25",
    "NMVOC": "nmvoc",
}
