"""The engine's view of a bill of materials: plain values, no persistence."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lca_models.uncertainty.distributions import AmountUncertainty

STAGES: tuple[str, ...] = ("raw_materials", "production", "distribution", "use", "end_of_life")
# Stages each system boundary admits (ISO 14067 6.3.4; cradle-to-gate stops at the factory gate).
BOUNDARY_STAGES: dict[str, tuple[str, ...]] = {
    "cradle-to-gate": ("raw_materials", "production"),
    "cradle-to-site": ("raw_materials", "production", "distribution"),
    "cradle-to-grave": STAGES,
}


@dataclass(frozen=True)
class Emission:
    """A direct emission of a vocabulary substance."""

    substance: str
    amount: Decimal
    unit: str


@dataclass(frozen=True)
class Line:
    """One BOM line: exactly one of activity, emissions or a component reference."""

    ref: str
    stage: str
    amount: Decimal = Decimal(1)
    unit: str = ""
    activity: str | None = None
    emissions: tuple[Emission, ...] = ()
    component_bom: str | None = None
    component_label: str | None = None
    # How the amount varies; None: the default of secondary data (see uncertainty.pedigree).
    uncertainty: AmountUncertainty | None = None


@dataclass(frozen=True)
class Bom:
    """A BOM version: lines for one declared unit of the product."""

    bom_id: str
    declared_amount: Decimal
    declared_unit: str
    lines: tuple[Line, ...]


def canonical_bom_json(document: dict[str, Any]) -> bytes:
    """Return the canonical JSON bytes of a BOM document (sorted keys, no spaces, UTF-8)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def bom_sha256(document: dict[str, Any]) -> str:
    """Return the SHA-256 of a BOM document's canonical form."""
    return hashlib.sha256(canonical_bom_json(document)).hexdigest()
