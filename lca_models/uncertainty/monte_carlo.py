"""A BOM's Monte Carlo footprint: line-amount draws against the sampled background.

Draw i of every activity line reads background column i (mod K) of the sampled table, so
lines sharing upstream datasets stay correlated, as they would in one sampled LCA. Amount
draws come from one generator seeded by the BOM's hash and the library version, consumed
in line order: the same BOM on the same library version gives the same interval.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from lca_models.bom import Bom, Line
from lca_models.errors import ComponentCycle, ComponentTooDeep, UnknownActivity
from lca_models.methods import INDICATORS
from lca_models.score_table import ScoreTable
from lca_models.uncertainty.background import SampledTable
from lca_models.uncertainty.distributions import AmountUncertainty, default_for
from lca_models.units import conversion_factor

Draws = npt.NDArray[np.float64]
DRAWS = 1000
MAX_DEPTH = 8
TOP_CONTRIBUTORS = 5
_GWP = INDICATORS.index("gwp_total")


@dataclass(frozen=True)
class Interval:
    """The 2.5th, 50th and 97.5th percentiles and the mean of a set of draws."""

    p2_5: float
    p50: float
    p97_5: float
    mean: float

    @classmethod
    def of(cls, draws: Draws) -> Interval:
        """Summarise draws."""
        low, mid, high = np.percentile(draws, [2.5, 50.0, 97.5])
        return cls(float(low), float(mid), float(high), float(draws.mean()))


@dataclass(frozen=True)
class Contributor:
    """A top-level line's share of the total's variance (cov(line, total) / var(total))."""

    pointer: str
    ref: str
    share: float


@dataclass(frozen=True)
class Blocked:
    """A line part of which could not be sampled, and why (it is held fixed)."""

    pointer: str
    ref: str
    reason: str


@dataclass(frozen=True)
class MonteCarloFootprint:
    """The GWP (total) distribution of a BOM per declared unit."""

    draws: int
    seed: int
    background_draws: int
    total: Interval
    by_stage: dict[str, Interval]
    contributors: tuple[Contributor, ...]
    blocked: tuple[Blocked, ...]
    total_draws: Draws


def bom_seed(bom_sha256: str, library_version: str) -> int:
    """Return the seed of a BOM's draws on a library version."""
    digest = hashlib.sha256(f"{bom_sha256}|{library_version}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


class LabelValue:
    """A certified component's GWP per its declared unit (its draws are not carried)."""

    def __init__(self, declared_amount: Decimal, declared_unit: str, kg_co2e: float) -> None:
        self.declared_amount = declared_amount
        self.declared_unit = declared_unit
        self.kg_co2e = kg_co2e


class MonteCarlo:
    """One BOM's sampling: resolves sub-assemblies once each, keeps them correlated."""

    def __init__(
        self,
        table: ScoreTable,
        sampled: SampledTable,
        resolve_bom: Callable[[str], Bom],
        resolve_label: Callable[[str], LabelValue],
        seed: int,
        draws: int = DRAWS,
        other_score: Callable[[str], tuple[float, str] | None] | None = None,
    ) -> None:
        self.table = table
        self.sampled = sampled
        # A line naming another library version's dataset (VERSION:CODE): its deterministic
        # score and unit; that version's background is not sampled with this one.
        self.other_score = other_score or (lambda code: None)
        self.resolve_bom = resolve_bom
        self.resolve_label = resolve_label
        self.seed = seed
        self.draws = draws
        self.rng = np.random.Generator(np.random.PCG64(seed))
        self.columns = None if draws == sampled.draws else np.arange(draws) % sampled.draws
        self.rows = sampled.index
        self.sub_boms: dict[str, Draws] = {}
        self.blocked: list[Blocked] = []

    def run(self, bom: Bom) -> MonteCarloFootprint:
        """Sample a BOM and summarise its total, stages and variance contributors."""
        lines = self.lines(bom, (bom.bom_id,), "")
        stack = np.vstack(lines) if lines else np.zeros((0, self.draws))
        total = stack.sum(axis=0)
        stages: dict[str, Draws] = {}
        for line, draws in zip(bom.lines, lines, strict=True):
            stages[line.stage] = stages.get(line.stage, 0.0) + draws
        centred = total - total.mean()
        variance = float(centred @ centred) / self.draws
        contributors = []
        # A spread below rounding noise (identical draws summed in float) is no spread.
        if variance > (1e-12 * abs(float(total.mean()))) ** 2:
            # cov(line, total) / var(total) for every line at once; the shares add up to 1.
            shares = (stack - stack.mean(axis=1, keepdims=True)) @ centred / self.draws / variance
            contributors = [
                Contributor(f"/lines/{i}", line.ref, float(share))
                for i, (line, share) in enumerate(zip(bom.lines, shares, strict=True))
            ]
            contributors.sort(key=lambda c: -abs(c.share))
        return MonteCarloFootprint(
            draws=self.draws,
            seed=self.seed,
            background_draws=self.sampled.draws,
            total=Interval.of(total),
            by_stage={stage: Interval.of(d) for stage, d in stages.items()},
            contributors=tuple(contributors[:TOP_CONTRIBUTORS]),
            blocked=tuple(self.blocked),
            total_draws=total,
        )

    def lines(self, bom: Bom, path: tuple[str, ...], where: str) -> list[Draws]:
        return [self.line(line, f"/lines/{i}", path, where) for i, line in enumerate(bom.lines)]

    def line(self, line: Line, pointer: str, path: tuple[str, ...], where: str) -> Draws:
        spread = line.uncertainty or default_for("secondary")
        if line.activity is not None:
            return self.activity(line, spread, pointer, where)
        if line.emissions:
            per_unit = sum(
                float(self.table.substance_factors[e.substance][_GWP])
                * float(e.amount * conversion_factor(e.unit, "kg"))
                for e in line.emissions
            )
            return self._relative(spread, line, pointer, where) * per_unit
        if line.component_bom is not None:
            sub = self.sub_bom(line.component_bom, pointer, path)
            declared = self.resolve_bom(line.component_bom)
            per_declared = float(conversion_factor(line.unit, declared.declared_unit))
            amounts = spread.draws(float(line.amount), self.rng, self.draws)
            return sub * amounts * per_declared / float(declared.declared_amount)
        label = self.resolve_label(line.component_label or "")
        self._block(where + pointer, line.ref, "certified component: held at its label's value")
        amounts = spread.draws(float(line.amount), self.rng, self.draws)
        factor = float(conversion_factor(line.unit, label.declared_unit))
        return amounts * factor * label.kg_co2e / float(label.declared_amount)

    def activity(self, line: Line, spread: AmountUncertainty, pointer: str, where: str) -> Draws:
        code = line.activity or ""
        row = self.rows.get(code)
        unit_row = self.table.index.get(code)
        if row is None or unit_row is None:
            return self.other_version(line, spread, pointer, where)
        factor = float(conversion_factor(line.unit, self.table.units[unit_row]))
        amounts = spread.draws(float(line.amount), self.rng, self.draws) * factor
        scores = self.sampled.samples[row]
        if self.columns is not None:
            scores = scores[self.columns]
        if code in self.sampled.fixed:
            self._block(
                where + pointer,
                line.ref,
                f"dataset {code} and its upstream publish no uncertainty: held at its score",
            )
        return np.asarray(amounts * scores, dtype=np.float64)

    def other_version(
        self, line: Line, spread: AmountUncertainty, pointer: str, where: str
    ) -> Draws:
        """Draw a line on another library version: its amount varies, its score is held."""
        code = line.activity or ""
        found = self.other_score(code)
        if found is None:
            raise UnknownActivity(f"unknown activity code {code!r}", f"{pointer}/activity")
        score, unit = found
        self._block(
            where + pointer,
            line.ref,
            f"dataset {code} is from another library version: its score is held, its amount varies",
        )
        factor = float(conversion_factor(line.unit, unit))
        return np.asarray(spread.draws(float(line.amount), self.rng, self.draws) * factor * score)

    def _relative(self, spread: AmountUncertainty, line: Line, pointer: str, where: str) -> Draws:
        if spread.relative:
            return spread.factors(self.rng, self.draws)
        self._block(where + pointer, line.ref, "an emission line takes only a relative spread")
        return np.ones(self.draws)

    def sub_bom(self, bom_id: str, pointer: str, path: tuple[str, ...]) -> Draws:
        if bom_id in path:
            raise ComponentCycle(f"component cycle: {' -> '.join((*path, bom_id))}", pointer)
        if len(path) > MAX_DEPTH:
            raise ComponentTooDeep(f"components nest deeper than {MAX_DEPTH}", pointer)
        cached = self.sub_boms.get(bom_id)
        if cached is None:
            sub = self.resolve_bom(bom_id)
            lines = self.lines(sub, (*path, bom_id), f"component {bom_id} ")
            cached = np.sum(lines, axis=0) if lines else np.zeros(self.draws)
            self.sub_boms[bom_id] = cached
        return cached

    def _block(self, pointer: str, ref: str, reason: str) -> None:
        self.blocked.append(Blocked(pointer, ref, reason))
