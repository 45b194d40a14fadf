"""Suppliers' footprints as BOM inputs: the values BOM validation and the use cases share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# PACT v3 `declaredUnitOfMeasurement` -> our unit symbol; PACT units we do not have (square
# meter, hour, megabit second) are refused.
PACT_TO_UNIT = {
    "kilogram": "kg",
    "liter": "L",
    "cubic meter": "m3",
    "kilowatt hour": "kWh",
    "megajoule": "MJ",
    "ton kilometer": "t*km",
    "piece": "piece",
}
VERIFIED, UNVERIFIED = "verified", "unverified"


@dataclass(frozen=True)
class SupplierInput:
    """A supplier's footprint as a BOM line may use it."""

    kind: str  # label or pact
    ref: str  # the label ID or the PACT footprint id
    declared_unit: str
    verification: str  # verified (a label whose credential verified) or unverified (PACT)


class SupplierRefused(ValueError):
    """A supplier reference that cannot be used; names the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# Resolves a line's `supplier` object, or raises SupplierRefused.
SupplierLookup = Callable[[dict[str, str]], SupplierInput]
