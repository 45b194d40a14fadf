"""Unit vocabulary and conversion between units of the same dimension."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from lca_models.errors import UnitMismatch


@dataclass(frozen=True)
class UnitInfo:
    """A unit symbol with its dimension and its factor to the dimension's base unit."""

    symbol: str
    dimension: str
    to_base: Decimal


# Factors are exact definitions (SI prefixes; 1 kWh = 3.6 MJ by definition of the watt-hour).
_UNITS: tuple[UnitInfo, ...] = (
    UnitInfo("g", "mass", Decimal("0.001")),
    UnitInfo("kg", "mass", Decimal("1")),
    UnitInfo("t", "mass", Decimal("1000")),
    UnitInfo("Wh", "energy", Decimal("0.0036")),
    UnitInfo("kWh", "energy", Decimal("3.6")),
    UnitInfo("MWh", "energy", Decimal("3600")),
    UnitInfo("MJ", "energy", Decimal("1")),
    UnitInfo("GJ", "energy", Decimal("1000")),
    UnitInfo("TJ", "energy", Decimal("1000000")),
    UnitInfo("kg*km", "transport", Decimal("0.001")),
    UnitInfo("t*km", "transport", Decimal("1")),
    UnitInfo("L", "volume", Decimal("0.001")),
    UnitInfo("m3", "volume", Decimal("1")),
    UnitInfo("piece", "count", Decimal("1")),
)

UNITS: dict[str, UnitInfo] = {unit.symbol: unit for unit in _UNITS}

# Spellings users type for the same unit; keys are compared case-insensitively.
_ALIASES: dict[str, str] = {
    "tkm": "t*km",
    "t km": "t*km",
    "t·km": "t*km",
    "tonne*km": "t*km",
    "kgkm": "kg*km",
    "kg km": "kg*km",
    "kg·km": "kg*km",
    "m³": "m3",
    "l": "L",
    "litre": "L",
    "liter": "L",
    "pcs": "piece",
    "pc": "piece",
    "unit": "piece",
    "item": "piece",
    "kilogram": "kg",
    "kilowatt hour": "kWh",
    "megajoule": "MJ",
    "ton kilometer": "t*km",
    "cubic meter": "m3",
}
_BY_LOWER: dict[str, str] = {symbol.lower(): symbol for symbol in UNITS} | _ALIASES


def normalise_unit(text: str) -> str:
    """Return the canonical symbol for a unit as typed, or raise UnitMismatch."""
    symbol = _BY_LOWER.get(text.strip().lower())
    if symbol is None:
        raise UnitMismatch(f"unknown unit {text!r}; known: {', '.join(UNITS)}")
    return symbol


@lru_cache(maxsize=1024)
def conversion_factor(from_unit: str, to_unit: str) -> Decimal:
    """Return the factor that turns an amount in from_unit into to_unit."""
    source = UNITS[normalise_unit(from_unit)]
    target = UNITS[normalise_unit(to_unit)]
    if source.dimension != target.dimension:
        raise UnitMismatch(
            f"{source.symbol} ({source.dimension}) cannot be converted to "
            f"{target.symbol} ({target.dimension})"
        )
    return source.to_base / target.to_base
