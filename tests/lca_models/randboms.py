"""Seeded random BOMs over a library: activity lines, direct emissions and sub-assemblies."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from lca_models import EMISSION_SUBSTANCES, UNITS, Bom, Emission, Line

# Unit spellings per dimension, canonical symbols plus a few aliases users type.
_SPELLINGS: dict[str, tuple[str, ...]] = {}
for _symbol, _info in UNITS.items():
    _SPELLINGS[_info.dimension] = (*_SPELLINGS.get(_info.dimension, ()), _symbol)
_SPELLINGS["mass"] += ("kilogram",)
_SPELLINGS["transport"] += ("tkm", "kg km")
_SPELLINGS["volume"] += ("litre",)
_SPELLINGS["count"] += ("pcs",)
_SPELLINGS["energy"] += ("kilowatt hour",)

DECLARED_UNITS = ("piece", "kg", "m3", "kWh")


def unit_like(rng: random.Random, unit: str) -> str:
    """Return a random spelling of a unit of the same dimension as unit."""
    return rng.choice(_SPELLINGS[UNITS[unit].dimension])


def amount(rng: random.Random, wild: bool = False) -> Decimal:
    """Return a positive decimal amount: 0.0001 to 99.99, or (wild) 1e-6 to 1e4 with 6 digits."""
    if wild:
        return Decimal(rng.randint(1, 999_999)).scaleb(rng.randint(-6, -2))
    return Decimal(rng.randint(1, 9_999)).scaleb(rng.randint(-4, -2))


@dataclass
class BomSet:
    """A top-level BOM and every sub-assembly BOM it refers to, by id."""

    top: Bom
    boms: dict[str, Bom] = field(default_factory=dict)

    def resolve(self, bom_id: str) -> Bom:
        return self.boms[bom_id]


class BomFactory:
    """Draws random BOMs from one seeded generator over a library's (code, unit) pairs."""

    def __init__(
        self,
        seed: int,
        activities: Sequence[tuple[str, str]],
        max_lines: int = 8,
        wild: bool = False,
    ):
        self.rng = random.Random(seed)
        self.wild = wild
        self.activities = tuple(activities)
        self.max_lines = max_lines
        self.count = 0

    def amount(self) -> Decimal:
        return amount(self.rng, self.wild)

    def bom_set(self, max_depth: int = 3) -> BomSet:
        boms: dict[str, Bom] = {}
        by_depth: dict[int, list[str]] = {}
        top = self._bom(self.rng.randint(0, max_depth), boms, by_depth)
        return BomSet(top, boms)

    def _bom(self, depth: int, boms: dict[str, Bom], by_depth: dict[int, list[str]]) -> Bom:
        rng = self.rng
        self.count += 1
        bom_id = f"bom-{self.count}"
        lines = []
        n_lines = (
            rng.randint(0, self.max_lines)
            if rng.random() < 0.05
            else rng.randint(1, self.max_lines)
        )
        for i in range(n_lines):
            stage = rng.choice(
                ("raw_materials", "production", "distribution", "use", "end_of_life")
            )
            kind = rng.random()
            if depth > 0 and (kind < 0.25 or i == 0):
                # Reuse an existing shallower sub-assembly now and then (shared components).
                shallower = [b for d in range(depth) for b in by_depth.get(d, [])]
                if shallower and rng.random() < 0.3:
                    sub = boms[rng.choice(shallower)]
                else:
                    sub = self._bom(depth - 1, boms, by_depth)
                lines.append(
                    Line(
                        f"L{i}",
                        stage,
                        self.amount(),
                        unit_like(rng, sub.declared_unit),
                        component_bom=sub.bom_id,
                    )
                )
            elif kind < 0.45:
                emissions = tuple(
                    Emission(
                        rng.choice(EMISSION_SUBSTANCES), self.amount(), rng.choice(("g", "kg", "t"))
                    )
                    for _ in range(rng.randint(1, 3))
                )
                lines.append(Line(f"L{i}", stage, emissions=emissions))
            else:
                code, unit = rng.choice(self.activities)
                lines.append(
                    Line(f"L{i}", stage, self.amount(), unit_like(rng, unit), activity=code)
                )
        bom = Bom(bom_id, self.amount(), rng.choice(DECLARED_UNITS), tuple(lines))
        boms[bom_id] = bom
        by_depth.setdefault(depth, []).append(bom_id)
        return bom
