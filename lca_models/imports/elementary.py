"""Which vocabulary substance an imported elementary flow is, so the project's methods apply.

The project characterises biosphere3's flows (lca_models.substances); an imported database
names its own flows. Emissions to air whose name (without a source's bracketed group, e.g.
NETL's "[Inorganic emissions to air]") is listed here are linked to the substance's
biosphere3 flow; every other elementary flow is kept, uncharacterised, in the import's own
biosphere database and counted in the report.
"""

from __future__ import annotations

from lca_models.imports.inventory import ElementaryFlow

# Names used by USLCI/NETL (openLCA JSON-LD), ecoinvent (ecoSpold 2) and EcoSpold 1 databases.
# Unqualified "carbon dioxide" and "methane" are fossil, as TRACI 2.1 and the NETL flow list
# characterise them (USLCI reports biogenic CO2 and methane under their own names).
_AIR_NAMES: dict[str, str] = {
    "carbon dioxide": "carbon dioxide, fossil",
    "carbon dioxide, fossil": "carbon dioxide, fossil",
    "carbon dioxide, biogenic": "carbon dioxide, non-fossil",
    "carbon dioxide, non-fossil": "carbon dioxide, non-fossil",
    "carbon dioxide, land transformation": "carbon dioxide, land use change",
    "carbon dioxide, from soil or biomass stock": "carbon dioxide, land use change",
    "methane": "methane, fossil",
    "methane, fossil": "methane, fossil",
    "methane, biogenic": "methane, non-fossil",
    "methane, non-fossil": "methane, non-fossil",
    "dinitrogen monoxide": "dinitrogen monoxide",
    "nitrous oxide": "dinitrogen monoxide",
    "nitrous oxide (laughing gas)": "dinitrogen monoxide",
    "sulfur hexafluoride": "sulfur hexafluoride",
    "nitrogen fluoride": "nitrogen trifluoride",
    "ethane, 1,1,1,2-tetrafluoro-, hfc-134a": "HFC-134a",
    "methane, difluoro-, hfc-32": "HFC-32",
    "ethane, pentafluoro-, hfc-125": "HFC-125",
    "ethane, 1,1,1-trifluoro-, hfc-143a": "HFC-143a",
    "methane, trifluoro-, hfc-23": "HFC-23",
    "methane, tetrafluoro-, r-14": "tetrafluoromethane",
    "methane, tetrafluoro-, cfc-14": "tetrafluoromethane",
    "methane, tetrafluoro-, fc-14": "tetrafluoromethane",
    "ethane, hexafluoro-, hfc-116": "hexafluoroethane",
    "nitrogen oxides": "nitrogen oxides",
    "sulfur dioxide": "sulfur dioxide",
    "particulates, < 2.5 um": "particulate matter, < 2.5 um",
    "particulate matter, < 2.5 um": "particulate matter, < 2.5 um",
    "nmvoc, non-methane volatile organic compounds": "NMVOC",
    "nmvoc, non-methane volatile organic compounds, unspecified origin": "NMVOC",
    "nmvoc (unspecified)": "NMVOC",
}
_MASS_UNITS = {"kg"}


def _plain(name: str) -> str:
    return " ".join(name.split(" [", 1)[0].lower().split())


def _to_air(compartment: tuple[str, ...]) -> bool:
    parts = [part.lower() for part in compartment]
    return any(p == "air" or p.startswith("air/") or p == "emission to air" for p in parts)


def _uptake(name: str, compartment: tuple[str, ...]) -> bool:
    parts = [part.lower() for part in compartment]
    if not any(p in ("resource", "natural resource", "resources") for p in parts):
        return False
    return name == "carbon dioxide, in air" or (name == "carbon dioxide" and "in air" in parts)


def substance_of(flow: ElementaryFlow) -> str | None:
    """Return the vocabulary substance an elementary flow is, or None if none is."""
    if flow.unit not in _MASS_UNITS:
        return None
    name = _plain(flow.name)
    if _to_air(flow.compartment):
        return _AIR_NAMES.get(name)
    if _uptake(name, flow.compartment):
        return "carbon dioxide, biogenic uptake"
    return None
