"""The importers' common view of a unit-process database, whatever its file format.

Every reader (openLCA JSON-LD, EcoSpold 2, EcoSpold 1) turns its files into these plain
values, with amounts already in each flow's reference unit; linking, cut-offs and the
import report are then the same for all three formats.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

PRODUCT, WASTE, ELEMENTARY = "product", "waste", "elementary"


@dataclass(frozen=True)
class RawExchange:
    """One exchange of a unit process, its amount in the flow's reference unit."""

    flow_id: str
    flow_name: str
    kind: str  # PRODUCT, WASTE or ELEMENTARY
    is_input: bool
    amount: float
    unit: str
    avoided: bool = False
    # The process the source links this input to, when it names one (ecoSpold 2).
    provider_id: str | None = None


@dataclass(frozen=True)
class ElementaryFlow:
    """An elementary flow as the source names it: name, compartment path and unit."""

    flow_id: str
    name: str
    compartment: tuple[str, ...]
    unit: str


@dataclass
class RawProcess:
    """A unit process: its reference product and every other exchange."""

    process_id: str
    name: str
    location: str
    category: str
    reference: RawExchange
    exchanges: list[RawExchange]
    # Share of the inputs and emissions that the reference product carries, when the source
    # gives allocation factors for it (None: no factor, all of them go to it).
    reference_share: float | None = None
    year: int | None = None
    comment: str = ""


@dataclass
class RawInventory:
    """What a reader found: processes, elementary flows and the unit fixes it applied."""

    source_format: str
    processes: list[RawProcess]
    elementary: dict[str, ElementaryFlow]
    # (from unit, to unit) -> how many exchange amounts were converted.
    unit_conversions: Counter[tuple[str, str]] = field(default_factory=Counter)
    # What the reader changed to read the files at all (category paths, unit names, ...).
    normalisations: Counter[str] = field(default_factory=Counter)
