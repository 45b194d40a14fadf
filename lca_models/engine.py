"""The footprint engine: a BOM's footprint as a dot product with a library's score table.

Score tables are immutable and read-only once loaded, so one engine serves concurrent
requests; the lock only guards loading a table the first time it is asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import numpy.typing as npt

from lca_models.bom import Bom, Line
from lca_models.codes import split_code
from lca_models.contributions import ContributionAnalyser
from lca_models.errors import (
    ComponentCycle,
    ComponentTooDeep,
    UnitMismatch,
    UnknownActivity,
    UnknownComponent,
    UnknownSubstance,
)
from lca_models.methods import INDICATORS, load_methods
from lca_models.score_table import (
    ENGINE_VERSION,
    ScoreTable,
    build_score_table,
    load_score_table,
    table_path,
)
from lca_models.units import conversion_factor

MAX_COMPONENT_DEPTH = 8
Vector = npt.NDArray[np.float64]
BomResolver = Callable[[str], Bom]
LabelResolver = Callable[[str], "ComponentFootprint"]


@dataclass(frozen=True)
class ComponentFootprint:
    """A certified component's indicators per its declared unit (from a label)."""

    declared_amount: Decimal
    declared_unit: str
    indicators: Vector


@dataclass(frozen=True)
class LineFootprint:
    """One line's indicator values for the declared unit."""

    ref: str
    stage: str
    indicators: Vector


@dataclass(frozen=True)
class Footprint:
    """A BOM's footprint per declared unit, with per-line values and its provenance."""

    lines: tuple[LineFootprint, ...]
    totals: Vector
    library_version: str
    method_version: str
    engine_version: str
    matrices_sha256: str
    # Every library version the lines used (the calculation's own first), with its matrices.
    libraries: tuple[tuple[str, str], ...] = ()

    def value(self, indicator: str) -> float:
        """Return the total of one indicator."""
        return float(self.totals[INDICATORS.index(indicator)])


def _no_labels(label_id: str) -> ComponentFootprint:
    raise UnknownComponent(f"label {label_id} is not known to this service")


class FootprintEngine:
    """Computes footprints against score tables kept under a project directory."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._tables: dict[str, ScoreTable] = {}
        self._lock = threading.Lock()
        # Upstream contributions of one activity (matrices kept per version once asked for).
        self.analyser = ContributionAnalyser(directory)

    def table(self, library_version: str) -> ScoreTable:
        """Return the loaded score table of a library version, building it if needed."""
        table = self._tables.get(library_version)
        if table is not None:
            return table
        with self._lock:
            if library_version not in self._tables:
                path = table_path(self._directory, library_version, load_methods().version)
                if not (path / "meta.json").exists():
                    path = build_score_table(self._directory, library_version)
                self._tables[library_version] = load_score_table(path)
            return self._tables[library_version]

    def load(self, library_version: str) -> ScoreTable:
        """Return a library version's table only if it is already built (never solves)."""
        table = self._tables.get(library_version)
        if table is not None:
            return table
        path = table_path(self._directory, library_version, load_methods().version)
        with self._lock:
            if library_version not in self._tables:
                self._tables[library_version] = load_score_table(path)
            return self._tables[library_version]

    def footprint(
        self,
        bom: Bom,
        library_version: str,
        resolve_bom: BomResolver,
        resolve_label: LabelResolver = _no_labels,
        other_versions: frozenset[str] = frozenset(),
    ) -> Footprint:
        """Compute a BOM's footprint per declared unit, resolving sub-assemblies recursively.

        A line's activity "VERSION:CODE" names a dataset of another library version, which
        must be one of other_versions; a plain code names one of library_version's.
        """
        table = self.table(library_version)
        calc = _Calculation(table, resolve_bom, resolve_label, self._other(other_versions))
        lines = calc.lines(bom, (bom.bom_id,))
        totals = np.sum([line.indicators for line in lines], axis=0) if lines else _zeros()
        used = sorted(v for v in calc.used if v != table.library_version)
        return Footprint(
            lines=lines,
            totals=np.asarray(totals, dtype=np.float64),
            library_version=table.library_version,
            method_version=table.method_version,
            engine_version=ENGINE_VERSION,
            matrices_sha256=table.matrices_sha256,
            libraries=tuple(
                (v, self.table(v).matrices_sha256) for v in (table.library_version, *used)
            ),
        )

    def _other(self, versions: frozenset[str]) -> Callable[[str], ScoreTable | None]:
        """Return a lookup of the other versions a BOM's qualified codes may name."""

        def lookup(version: str) -> ScoreTable | None:
            return self.table(version) if version in versions else None

        return lookup

    def totals(
        self,
        bom: Bom,
        library_version: str,
        resolve_bom: BomResolver,
        resolve_label: LabelResolver = _no_labels,
        other_versions: frozenset[str] = frozenset(),
    ) -> Vector:
        """Return only a BOM's indicator totals per declared unit (no per-line values).

        The same units, errors, cycle and depth checks as footprint(); each BOM's activity
        lines are scored at once (scores[rows].T @ amounts), which is all a re-scoring needs.
        """
        calc = _TotalsCalculation(
            self.table(library_version), resolve_bom, resolve_label, self._other(other_versions)
        )
        return calc.bom_totals(bom, (bom.bom_id,))


def _zeros() -> Vector:
    return np.zeros(len(INDICATORS), dtype=np.float64)


class _Calculation:
    """One footprint request: resolves components once each and detects cycles."""

    def __init__(
        self,
        table: ScoreTable,
        resolve_bom: BomResolver,
        resolve_label: LabelResolver,
        other_table: Callable[[str], ScoreTable | None] = lambda version: None,
    ) -> None:
        self.table = table
        self.resolve_bom = resolve_bom
        self.resolve_label = resolve_label
        self.other_table = other_table
        self.used: set[str] = {table.library_version}
        # Keyed by depth too: a component's subtree must be depth-checked where it is used.
        self.component_totals: dict[tuple[str, int], tuple[Decimal, str, Vector]] = {}

    def bom_totals(self, bom: Bom, path: tuple[str, ...]) -> Vector:
        """Return the sum of a BOM's line values."""
        lines = self.lines(bom, path)
        return np.sum([ln.indicators for ln in lines], axis=0) if lines else _zeros()

    def lines(self, bom: Bom, path: tuple[str, ...]) -> tuple[LineFootprint, ...]:
        return tuple(
            LineFootprint(line.ref, line.stage, self.line(line, f"/lines/{i}", path))
            for i, line in enumerate(bom.lines)
        )

    def line(self, line: Line, pointer: str, path: tuple[str, ...]) -> Vector:
        if line.activity is not None:
            return self.activity(line, pointer)
        if line.emissions:
            return self.emissions(line, pointer)
        if line.component_bom is not None:
            amount, unit, totals = self.sub_bom(line.component_bom, pointer, path)
        elif line.component_label is not None:
            label = self.resolve_label(line.component_label)
            amount, unit, totals = label.declared_amount, label.declared_unit, label.indicators
        else:
            raise UnknownComponent("line has no activity, emissions or component", pointer)
        factor = _convert(line.amount, line.unit, unit, pointer) / amount
        return totals * float(factor)

    def activity(self, line: Line, pointer: str) -> Vector:
        table, row, amount = self.activity_row(line, pointer)
        return np.asarray(table.scores[row], dtype=np.float64) * amount

    def activity_row(self, line: Line, pointer: str) -> tuple[ScoreTable, int, float]:
        """Return an activity line's score table, row and amount in the row's unit."""
        given = line.activity or ""
        version, code = split_code(given)
        table = self.table if version is None else self.other_table(version)
        if version == self.table.library_version:
            table = self.table
        row = None if table is None else table.index.get(code)
        if table is None or row is None:
            raise UnknownActivity(f"unknown activity code {given!r}", f"{pointer}/activity")
        self.used.add(table.library_version)
        return table, row, float(_convert(line.amount, line.unit, table.units[row], pointer))

    def emissions(self, line: Line, pointer: str) -> Vector:
        totals = _zeros()
        for j, emission in enumerate(line.emissions):
            where = f"{pointer}/emissions/{j}"
            factors = self.table.substance_factors.get(emission.substance)
            if factors is None:
                raise UnknownSubstance(
                    f"unknown substance {emission.substance!r}", f"{where}/substance"
                )
            totals = totals + factors * float(_convert(emission.amount, emission.unit, "kg", where))
        return totals

    def sub_bom(
        self, bom_id: str, pointer: str, path: tuple[str, ...]
    ) -> tuple[Decimal, str, Vector]:
        if bom_id in path:
            raise ComponentCycle(
                f"component cycle: {' -> '.join((*path, bom_id))}", f"{pointer}/component"
            )
        if len(path) > MAX_COMPONENT_DEPTH:
            raise ComponentTooDeep(
                f"components nest deeper than {MAX_COMPONENT_DEPTH}", f"{pointer}/component"
            )
        cached = self.component_totals.get((bom_id, len(path)))
        if cached is None:
            sub = self.resolve_bom(bom_id)
            totals = self.bom_totals(sub, (*path, bom_id))
            cached = (sub.declared_amount, sub.declared_unit, totals)
            self.component_totals[(bom_id, len(path))] = cached
        return cached


class _TotalsCalculation(_Calculation):
    """A footprint request that keeps only totals: a BOM's activity rows scored at once."""

    def bom_totals(self, bom: Bom, path: tuple[str, ...]) -> Vector:
        # One (table, rows, amounts) per library version the lines name: one dot product each.
        by_table: dict[str, tuple[ScoreTable, list[int], list[float]]] = {}
        totals = _zeros()
        # Lines in order, so that the first bad line raises as it does on the per-line path.
        for i, line in enumerate(bom.lines):
            pointer = f"/lines/{i}"
            if line.activity is not None:
                table, row, amount = self.activity_row(line, pointer)
                _, rows, amounts = by_table.setdefault(table.library_version, (table, [], []))
                rows.append(row)
                amounts.append(amount)
            else:
                totals = totals + self.line(line, pointer, path)
        for table, rows, amounts in by_table.values():
            scores = np.asarray(table.scores[rows], dtype=np.float64)
            totals = totals + scores.T @ np.asarray(amounts, dtype=np.float64)
        return totals


def _convert(amount: Decimal, unit: str, target: str, pointer: str) -> Decimal:
    if unit == target:  # units an imported database uses that the engine has no symbol for
        return amount
    try:
        return amount * conversion_factor(unit, target)
    except UnitMismatch as error:
        message = f"the line's unit {unit!r} does not convert to {target!r}: {error.message}"
        raise UnitMismatch(message, f"{pointer}/unit") from None
