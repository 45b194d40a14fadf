"""Source databases' unit names turned into the engine's unit symbols."""

from __future__ import annotations

from lca_models.errors import UnitMismatch
from lca_models.units import normalise_unit

# Spellings the importable formats use (openLCA reference data, ecoinvent's ecoSpold 2 unit
# list, EcoSpold 1 databases) for units the engine knows; anything else is kept verbatim.
_SOURCE_NAMES: dict[str, str] = {
    "item(s)": "piece",
    "items": "piece",
    "p": "piece",
    "metric ton*km": "t*km",
    "tonne kilometer": "t*km",
    "ton kilometer": "t*km",
    "tkm": "t*km",
    "kilogram": "kg",
    "gram": "g",
    "ton": "t",
    "tonne": "t",
    "metric ton": "t",
    "megajoule": "MJ",
    "kilowatt hour": "kWh",
    "cubic meter": "m3",
    "litre": "L",
    "liter": "L",
}


def engine_unit(name: str) -> str:
    """Return the engine's symbol for a source unit name, or the name itself if unknown."""
    known = _SOURCE_NAMES.get(name.strip().lower())
    if known is not None:
        return known
    try:
        return normalise_unit(name)
    except UnitMismatch:
        return name.strip()
