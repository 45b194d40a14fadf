"""An exact oracle: a BOM's footprint in rational arithmetic over an acyclic library.

Amounts and factors are taken as Brightway holds them (float32), then every sum and product
is exact (fractions.Fraction), so the only rounding left in the engine is its own.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from functools import cache

import numpy as np

from lca_models import INDICATORS, Bom, Library, conversion_factor, load_methods

Exact = tuple[Fraction, ...]
ZERO: Exact = (Fraction(0),) * len(INDICATORS)


def f32(value: float) -> Fraction:
    return Fraction(float(np.float32(value)))


def add(a: Exact, b: Exact) -> Exact:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def scale(a: Exact, k: Fraction) -> Exact:
    return tuple(x * k for x in a)


class ExactOracle:
    def __init__(self, library: Library) -> None:
        methods = load_methods()
        self.units = {d.code: d.unit for d in library.datasets}
        self.factors: dict[str, Exact] = {}
        self.exchanges: dict[str, list[tuple[str, Fraction]]] = {}
        for ex in library.exchanges:
            self.exchanges.setdefault(ex.code, []).append((ex.flow, f32(ex.amount)))
            if ex.input_code is None and ex.flow not in self.factors:
                self.factors[ex.flow] = tuple(f32(v) for v in methods.substance_vector(ex.flow))
        self.score = cache(self._score)

    def substance(self, name: str) -> Exact:
        if name not in self.factors:
            vector = load_methods().substance_vector(name)
            self.factors[name] = tuple(f32(v) for v in vector)
        return self.factors[name]

    def _score(self, code: str) -> Exact:
        total = ZERO
        for flow, amount in self.exchanges.get(code, []):
            per_unit = self.score(flow[1:]) if flow.startswith("@") else self.substance(flow)
            total = add(total, scale(per_unit, amount))
        return total

    def footprint(self, bom: Bom, resolve: Callable[[str], Bom]) -> Exact:
        total = ZERO
        for line in bom.lines:
            if line.activity is not None:
                k = _q(line.amount * conversion_factor(line.unit, self.units[line.activity]))
                total = add(total, scale(self.score(line.activity), k))
            elif line.emissions:
                for e in line.emissions:
                    kg = _q(e.amount * conversion_factor(e.unit, "kg"))
                    total = add(total, scale(self.substance(e.substance), kg))
            else:
                assert line.component_bom is not None
                sub = resolve(line.component_bom)
                k = _q(line.amount) * _q(conversion_factor(line.unit, sub.declared_unit))
                total = add(total, scale(self.footprint(sub, resolve), k / _q(sub.declared_amount)))
        return total


def _q(value: Decimal) -> Fraction:
    return Fraction(value)
