"""Reading and checking the open reference library's versioned data files."""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from lca_models.errors import LibraryDataError
from lca_models.substances import POLLUTANT_KEYS, SUBSTANCES
from lca_models.units import UNITS

DATA_DIR = Path(__file__).parent / "data"
# Release name of the shipped data; the content hash makes every edit a new version.
RELEASE = "gba-open-2026.12"
GRADES = ("A", "B", "C")
KINDS = (
    "life-cycle",
    "co2-only",
    "combustion",
    "well-to-tank",
    "well-to-wheel",
    "process-only",
    "treatment",
    "collection-only",
)
# The IPCC assessment report whose GWP100 values the source used for its CO2e: "AR6" when the
# exchanges are gases characterised by our AR6 method (or were recharacterised from a split by
# gas), "AR5"/"AR4" when a published CO2e total keeps that basis, "CO2-only" for CO2 factors,
# "mixed" for composites of datasets of different bases, "not stated" when the source is silent.
GWP_BASES = ("AR6", "AR5", "AR4", "CO2-only", "mixed", "not stated")
# Bases whose CO2e cannot be brought to AR6: results carry a note per line using them.
NON_AR6_BASES = ("AR5", "AR4", "not stated")
CATEGORIES = (
    "electricity",
    "fuels",
    "freight",
    "metals",
    "plastics",
    "paper",
    "glass",
    "textiles",
    "electronics",
    "batteries",
    "construction",
    "gases",
    "waste",
    "water",
)
COLUMNS = (
    "code,name,name_zh_hans,name_zh_hant,category,unit,geography,year,kind,gwp_basis,"
    "source,licence,grade,superseded_by,note"
)


@dataclass(frozen=True)
class Dataset:
    """One library dataset with its provenance."""

    code: str
    name: str
    unit: str
    geography: str
    year: int | None
    kind: str
    source: str
    licence: str
    grade: str
    note: str
    # Added in gba-open-2026.12; defaults keep score tables of older versions loadable.
    name_zh_hans: str = ""
    name_zh_hant: str = ""
    category: str = ""
    gwp_basis: str = "not stated"
    superseded_by: str = ""
    # Pollutant keys (nox, so2, pm25, nmvoc) the dataset or its suppliers report; None when
    # unknown (imported databases, tables built before 2026.12): judged by non-zero scores.
    pollutants: tuple[str, ...] | None = None

    @property
    def names(self) -> dict[str, str]:
        """Return the dataset's name by language tag (English always present)."""
        out = {"en": self.name}
        if self.name_zh_hans:
            out["zh-Hans"] = self.name_zh_hans
        if self.name_zh_hant:
            out["zh-Hant"] = self.name_zh_hant
        return out


@dataclass(frozen=True)
class Exchange:
    """An input or emission of a dataset per one unit of its reference product."""

    code: str
    flow: str  # a vocabulary substance, or "@<dataset code>" for a technosphere input
    amount: float
    note: str

    @property
    def input_code(self) -> str | None:
        """Return the supplying dataset's code for a technosphere input, else None."""
        return self.flow[1:] if self.flow.startswith("@") else None


@dataclass(frozen=True)
class Library:
    """A complete library version: datasets, exchanges and the version string."""

    version: str
    datasets: tuple[Dataset, ...]
    exchanges: tuple[Exchange, ...]

    def by_code(self) -> dict[str, Dataset]:
        """Return datasets keyed by code."""
        return {d.code: d for d in self.datasets}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _dataset(row: dict[str, str], where: str) -> Dataset:
    if row["unit"] not in UNITS:
        raise LibraryDataError(f"{where}: unknown unit {row['unit']!r}")
    if row["grade"] not in GRADES:
        raise LibraryDataError(f"{where}: grade {row['grade']!r} is not A, B or C")
    if row["kind"] not in KINDS:
        raise LibraryDataError(f"{where}: unknown kind {row['kind']!r}")
    # Columns added in 2026.12 are optional, so libraries written before still load.
    basis, category = row.get("gwp_basis") or "not stated", row.get("category") or ""
    if basis not in GWP_BASES:
        raise LibraryDataError(f"{where}: unknown GWP basis {basis!r}")
    if category and category not in CATEGORIES:
        raise LibraryDataError(f"{where}: unknown category {category!r}")
    for field in ("code", "name", "geography", "source", "licence"):
        if not row[field].strip():
            raise LibraryDataError(f"{where}: empty {field}")
    year = row["year"].strip()
    return Dataset(
        code=row["code"].strip(),
        name=row["name"].strip(),
        unit=row["unit"],
        geography=row["geography"].strip(),
        year=int(year) if year else None,
        kind=row["kind"],
        source=row["source"].strip(),
        licence=row["licence"].strip(),
        grade=row["grade"],
        note=row.get("note", "").strip(),
        name_zh_hans=(row.get("name_zh_hans") or "").strip(),
        name_zh_hant=(row.get("name_zh_hant") or "").strip(),
        category=category,
        gwp_basis=basis,
        superseded_by=(row.get("superseded_by") or "").strip(),
    )


def _with_pollutants(
    datasets: tuple[Dataset, ...], exchanges: tuple[Exchange, ...]
) -> tuple[Dataset, ...]:
    """Attach to each dataset the pollutants it or any supplier upstream reports."""
    direct: dict[str, set[str]] = {d.code: set() for d in datasets}
    inputs: dict[str, list[str]] = {d.code: [] for d in datasets}
    for ex in exchanges:
        if ex.input_code is not None:
            inputs[ex.code].append(ex.input_code)
        elif ex.flow in POLLUTANT_KEYS:
            direct[ex.code].add(POLLUTANT_KEYS[ex.flow])
    done: dict[str, frozenset[str]] = {}

    def reach(code: str) -> frozenset[str]:
        # The graph is acyclic (checked before), so plain recursion ends.
        if code not in done:
            found = set(direct[code])
            for supplier in inputs[code]:
                found |= reach(supplier)
            done[code] = frozenset(found)
        return done[code]

    order = tuple(POLLUTANT_KEYS.values())
    return tuple(
        replace(d, pollutants=tuple(k for k in order if k in reach(d.code))) for d in datasets
    )


def _check_acyclic(exchanges: tuple[Exchange, ...]) -> None:
    inputs: dict[str, list[str]] = {}
    for ex in exchanges:
        if ex.input_code is not None:
            inputs.setdefault(ex.code, []).append(ex.input_code)
    done: set[str] = set()

    def visit(code: str, path: tuple[str, ...]) -> None:
        if code in path:
            raise LibraryDataError(f"technosphere cycle: {' -> '.join((*path, code))}")
        if code in done:
            return
        for supplier in inputs.get(code, []):
            visit(supplier, (*path, code))
        done.add(code)

    for code in inputs:
        visit(code, ())


def read_library(data_dir: Path, release: str) -> Library:
    """Read, check and version the library data files in data_dir."""
    datasets_path, exchanges_path = data_dir / "datasets.csv", data_dir / "exchanges.csv"
    datasets = tuple(
        _dataset(row, f"datasets.csv line {i + 2}") for i, row in enumerate(_read(datasets_path))
    )
    codes = {d.code for d in datasets}
    if len(codes) != len(datasets):
        raise LibraryDataError("datasets.csv has duplicate codes")
    exchanges = []
    for i, row in enumerate(_read(exchanges_path)):
        where = f"exchanges.csv line {i + 2}"
        amount = float(row["amount"])
        if not math.isfinite(amount):
            raise LibraryDataError(f"{where}: amount is not finite")
        ex = Exchange(row["code"].strip(), row["flow"].strip(), amount, row.get("note", ""))
        if ex.code not in codes:
            raise LibraryDataError(f"{where}: unknown dataset {ex.code!r}")
        if ex.input_code is not None and ex.input_code not in codes:
            raise LibraryDataError(f"{where}: unknown input {ex.input_code!r}")
        if ex.input_code is None and ex.flow not in SUBSTANCES:
            raise LibraryDataError(f"{where}: unknown flow {ex.flow!r}")
        exchanges.append(ex)
    _check_acyclic(tuple(exchanges))
    for d in datasets:
        if d.superseded_by and d.superseded_by not in codes:
            raise LibraryDataError(f"{d.code}: superseded by unknown dataset {d.superseded_by!r}")
    datasets = _with_pollutants(datasets, tuple(exchanges))
    digest = hashlib.sha256(datasets_path.read_bytes() + exchanges_path.read_bytes())
    return Library(f"{release}+{digest.hexdigest()[:12]}", datasets, tuple(exchanges))


@lru_cache(maxsize=1)
def load_library() -> Library:
    """Return the shipped open reference library."""
    return read_library(DATA_DIR, RELEASE)
