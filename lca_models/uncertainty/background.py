"""K sampled background draws of every activity's GWP score, built once per library version.

Each draw samples the technosphere and biosphere matrices from their exchanges' distributions
(bw2calc with use_distributions, i.e. stats_arrays as Brightway's Monte Carlo does) and solves
A_k^T x_k = B_k^T c for every activity at once. The draws reuse one factorisation of the
deterministic A^T: x_k is refined by x += LU^-1 (r_k - A_k^T x) from x = LU^-1 r_k (a
warm-started, preconditioned iteration that converges in a few steps because A_k stays close
to A); a draw that does not converge is solved directly. The table (activities x K, one row
per activity so a BOM reads its lines' rows contiguously) is memory-mapped beside the
deterministic score table.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csc_matrix, csr_matrix
from scipy.sparse.linalg import splu

from lca_models.errors import ProjectNotBootstrapped
from lca_models.methods import load_methods
from lca_models.project import use_directory
from lca_models.score_table import ENGINE_VERSION, TABLES_DIR
from lca_models.uncertainty.matrix_draws import EntryDraws, Vector

BACKGROUND_DRAWS = 1000
STREAMS = 2  # independently seeded streams of draws (one per core when sampled in parallel)
_CHUNK = 50  # draws solved together (one multi-column LU solve per refinement step)
_MAX_STEPS = 30
# Relative residual per draw: scores to about 1e-7, orders below the sampling error of 1,000
# draws (about 1% at the percentiles).
_TOLERANCE = 1e-7


@dataclass(frozen=True)
class SampledTable:
    """K sampled GWP (total) scores per unit of each activity, in score-table row order."""

    library_version: str
    draws: int
    seed: int
    codes: tuple[str, ...]
    samples: npt.NDArray[np.float64]  # len(codes) x draws
    # Activities with a score but no variance: nothing upstream publishes an uncertainty.
    fixed: frozenset[str]
    index: dict[str, int] = field(default_factory=dict)  # code -> row, built once when loaded

    def __post_init__(self) -> None:
        if not self.index:
            self.index.update({code: i for i, code in enumerate(self.codes)})


def background_seed(library_version: str) -> int:
    """Return the sampling seed of a library version (the same draws on every machine)."""
    digest = hashlib.sha256(f"gba-background|{library_version}".encode()).digest()
    # RandomState (stats_arrays) takes seeds below 2**32.
    return int.from_bytes(digest[:4], "big")


def sampled_path(directory: Path, library_version: str, method_version: str, draws: int) -> Path:
    """Return where a library version's sampled table lives."""
    name = f"{library_version}__{method_version}__{ENGINE_VERSION}__mc{draws}"
    return directory / TABLES_DIR / name.replace("/", "_")


def _lca(bd: Any, library_version: str, method: tuple[str, ...], seed: int | None) -> Any:
    import bw2calc

    first = next(iter(bd.Database(library_version)))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "All values in characterization matrix are zero")
        lca = bw2calc.LCA(
            {first.id: 1},
            method=method,
            use_distributions=seed is not None,
            seed_override=seed,
        )
        lca.load_lci_data()
        lca.load_lcia_data()
    return lca


def _refine(
    lu: Any,
    products: list[Callable[[Vector], Vector]],
    direct: Callable[[int], Any],
    rhs: Vector,
) -> Any:
    """Solve each A_k^T x_k = r_k by iteration preconditioned with the deterministic LU.

    products[j](x) returns A_j^T x; direct(j) returns A_j^T as a sparse matrix.
    """
    x = lu.solve(rhs)
    pending = np.arange(rhs.shape[1])
    for _ in range(_MAX_STEPS):
        residual = np.column_stack([rhs[:, j] - products[j](x[:, j]) for j in pending])
        scale = np.maximum(np.abs(rhs[:, pending]).max(axis=0), 1e-300)
        done = np.abs(residual).max(axis=0) <= _TOLERANCE * scale
        if done.all():
            return x
        pending, residual = pending[~done], residual[:, ~done]
        x[:, pending] += lu.solve(np.ascontiguousarray(residual))
    for j in pending:  # not converged: this draw strays too far from A; solve it directly
        x[:, j] = splu(csc_matrix(direct(int(j))), diag_pivot_thresh=0.0).solve(rhs[:, j])
    return x


def _chunk_by_entries(
    technosphere: EntryDraws, biosphere: EntryDraws, characterisation: Vector, count: int
) -> tuple[list[Callable[[Vector], Vector]], Callable[[int], Any], Vector]:
    """Draw `count` samples as entry arrays (fast: no sparse matrix is rebuilt)."""
    values = [technosphere.draw() for _ in range(count)]
    rhs = np.column_stack(
        [biosphere.weighted_column_sums(biosphere.draw(), characterisation) for _ in range(count)]
    )
    products: list[Callable[[Vector], Vector]] = [
        partial(technosphere.transposed_product, v) for v in values
    ]
    return products, lambda j: technosphere.transposed_matrix(values[j]), rhs


def _chunk_by_matrices(
    sampled: Any, characterisation: Vector, count: int
) -> tuple[list[Callable[[Vector], Vector]], Callable[[int], Any], Vector]:
    """Draw `count` samples through matrix_utils (slow, for matrices that overwrite entries)."""
    transposed, columns = [], []
    for _ in range(count):
        next(sampled.technosphere_mm)
        next(sampled.biosphere_mm)
        transposed.append(csr_matrix(sampled.technosphere_mm.matrix.T))
        columns.append(sampled.biosphere_mm.matrix.T @ characterisation)
    return [m.dot for m in transposed], transposed.__getitem__, np.column_stack(columns)


def _sample_stream(
    directory: Path, library_version: str, seed: int, draws: int
) -> tuple[list[str], npt.NDArray[np.float64]]:
    """Return the codes (sorted) and `draws` sampled scores per activity of one seeded stream."""
    methods = load_methods()
    bd = use_directory(directory)
    method = methods.method_name("gwp_total")
    base = _lca(bd, library_version, method, None)
    characterisation = np.asarray(base.characterization_matrix.diagonal(), dtype=np.float64)
    lu = splu(csc_matrix(base.technosphere_matrix.T), diag_pivot_thresh=0.0)
    sampled = _lca(bd, library_version, method, seed)
    n = base.technosphere_matrix.shape[0]
    scores = np.empty((n, draws), dtype=np.float64)
    technosphere = EntryDraws(sampled.technosphere_mm)
    biosphere = EntryDraws(sampled.biosphere_mm)
    by_entries = technosphere.usable and biosphere.usable
    for start in range(0, draws, _CHUNK):
        count = min(_CHUNK, draws - start)
        if by_entries:
            chunk = _chunk_by_entries(technosphere, biosphere, characterisation, count)
        else:
            chunk = _chunk_by_matrices(sampled, characterisation, count)
        products, direct, rhs = chunk
        scores[:, start : start + count] = _refine(lu, products, direct, rhs)
    codes, rows = [], []
    for activity in bd.Database(library_version):
        codes.append(activity["code"])
        rows.append(base.dicts.product[activity.id])
    order = np.argsort(codes)
    return [codes[i] for i in order], scores[np.asarray(rows)[order]]


def sample_background(
    directory: Path, library_version: str, draws: int = BACKGROUND_DRAWS, workers: int = 1
) -> tuple[list[str], npt.NDArray[np.float64], int]:
    """Return the activity codes (score-table order), their sampled scores and the seed.

    The draws come from STREAMS independently seeded streams (seed, seed + 1, ...), so the
    table is the same whether the streams run one after another or in `workers` processes.
    """
    bd = use_directory(directory)
    if library_version not in bd.databases:
        raise ProjectNotBootstrapped(f"library {library_version} is not in the project")
    seed = background_seed(library_version)
    sizes = [len(part) for part in np.array_split(np.arange(draws), STREAMS) if len(part)]
    seeds = [(seed + i) % 2**32 for i in range(len(sizes))]
    args = [(directory, library_version, s, size) for s, size in zip(seeds, sizes, strict=True)]
    if workers > 1:
        # fork: the children inherit bw2data already pointed at this project directory.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            parts = list(pool.map(_sample_stream, *zip(*args, strict=True)))
    else:
        parts = [_sample_stream(*arg) for arg in args]
    return parts[0][0], np.hstack([scores for _, scores in parts]), seed


def build_sampled_table(
    directory: Path,
    library_version: str,
    deterministic: npt.NDArray[np.float64],
    draws: int = BACKGROUND_DRAWS,
    workers: int = 1,
) -> Path:
    """Sample a library version's background once and write its table; return its path.

    deterministic is the score table's GWP column: rows it scores exactly zero (nothing
    characterised upstream) stay exactly zero rather than keep solver rounding noise.
    """
    path = sampled_path(directory, library_version, load_methods().version, draws)
    if (path / "meta.json").exists():
        return path
    codes, scores, seed = sample_background(directory, library_version, draws, workers)
    scores[deterministic == 0] = 0.0
    spread = scores.max(axis=1) - scores.min(axis=1)
    fixed = [c for c, s, d in zip(codes, spread, deterministic, strict=True) if s == 0 and d]
    tmp = path.with_name(path.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    np.save(tmp / "samples.npy", np.ascontiguousarray(scores))
    meta = {
        "library_version": library_version,
        "draws": draws,
        "seed": seed,
        "codes": codes,
        "fixed": fixed,
    }
    (tmp / "meta.json").write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
    try:  # published in one step, as the deterministic table is
        tmp.rename(path)
    except OSError:
        shutil.rmtree(tmp)
    return path


def load_sampled_table(path: Path) -> SampledTable:
    """Memory-map a written sampled table."""
    meta_file = path / "meta.json"
    if not meta_file.exists():
        raise ProjectNotBootstrapped(f"no sampled table at {path}")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    samples = np.load(path / "samples.npy", mmap_mode="r").view(np.ndarray)
    return SampledTable(
        library_version=meta["library_version"],
        draws=int(meta["draws"]),
        seed=int(meta["seed"]),
        codes=tuple(meta["codes"]),
        samples=samples,
        fixed=frozenset(meta["fixed"]),
    )
