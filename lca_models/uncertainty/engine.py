"""Monte Carlo footprints against per-version sampled background tables (built once, shared)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from lca_models.bom import Bom
from lca_models.codes import split_code
from lca_models.engine import FootprintEngine
from lca_models.errors import LcaError, UnknownComponent
from lca_models.methods import INDICATORS, load_methods
from lca_models.uncertainty.background import (
    BACKGROUND_DRAWS,
    SampledTable,
    build_sampled_table,
    load_sampled_table,
    sampled_path,
)
from lca_models.uncertainty.monte_carlo import (
    DRAWS,
    LabelValue,
    MonteCarlo,
    MonteCarloFootprint,
    bom_seed,
)

_GWP = INDICATORS.index("gwp_total")


def _no_labels(label_id: str) -> LabelValue:
    raise UnknownComponent(f"label {label_id} is not known to this service")


class UncertaintyEngine:
    """Samples BOM footprints; sampled tables are read-only once loaded (thread-safe)."""

    def __init__(
        self,
        directory: Path,
        engine: FootprintEngine,
        background_draws: int = BACKGROUND_DRAWS,
        workers: int = 1,
    ) -> None:
        self._directory = directory
        self._engine = engine
        self._background_draws = background_draws
        self._workers = workers  # processes sampling the background (a new library version)
        self._tables: dict[str, SampledTable] = {}
        self._lock = threading.Lock()

    def sampled(self, library_version: str) -> SampledTable:
        """Return a library version's sampled table, sampling the background if needed."""
        table = self._tables.get(library_version)
        if table is not None:
            return table
        scores = self._engine.table(library_version)
        with self._lock:
            if library_version not in self._tables:
                path = sampled_path(
                    self._directory,
                    library_version,
                    load_methods().version,
                    self._background_draws,
                )
                if not (path / "meta.json").exists():
                    gwp = np.asarray(scores.scores[:, _GWP], dtype=np.float64)
                    build_sampled_table(
                        self._directory,
                        library_version,
                        gwp,
                        self._background_draws,
                        self._workers,
                    )
                self._tables[library_version] = load_sampled_table(path)
            return self._tables[library_version]

    def footprint(
        self,
        bom: Bom,
        library_version: str,
        bom_sha256: str,
        resolve_bom: Callable[[str], Bom],
        resolve_label: Callable[[str], LabelValue] = _no_labels,
        draws: int = DRAWS,
    ) -> MonteCarloFootprint:
        """Return a BOM's Monte Carlo footprint (seeded by its hash and the library version)."""
        sampler = MonteCarlo(
            self._engine.table(library_version),
            self.sampled(library_version),
            resolve_bom,
            resolve_label,
            bom_seed(bom_sha256, library_version),
            draws,
            self._other_score,
        )
        return sampler.run(bom)

    def _other_score(self, code: str) -> tuple[float, str] | None:
        """Return the GWP score and unit of a dataset named as VERSION:CODE, if it exists."""
        version, plain = split_code(code)
        if version is None:
            return None
        try:
            table = self._engine.table(version)
        except LcaError:
            return None
        row = table.index.get(plain)
        if row is None:
            return None
        return float(table.scores[row][_GWP]), table.units[row]
