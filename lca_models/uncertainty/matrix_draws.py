"""Draws of a Brightway matrix's entries without rebuilding a sparse matrix each time.

matrix_utils' MappedMatrix redraws by assigning every entry into a CSR matrix
(`matrix[row, col] = data`), which costs about a second per draw on a 20,000-activity
background. Here each resource group's entries are drawn exactly as ResourceGroup.calculate
draws them (the same stats_arrays generator, masks, sign flips and rescaling), but kept as
(row, col, value) arrays: a transposed product A^T x is then one bincount. Summing the
entries of a position matches Brightway where duplicates are summed; a matrix whose groups
overwrite one another's positions is not handled here (`usable` says so).
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csc_matrix

Vector = npt.NDArray[np.float64]


def _draw(group: Any) -> Vector:
    """Draw one group's values (ResourceGroup.calculate without its aggregation step)."""
    if group.vector and group.use_distributions and group.has_distributions:
        data = next(group.rng)
    elif group.vector:
        data = group.data_original
    else:
        data = group.data_original[:, group.indexer.index % group.ncols]
    values = group.apply_masks(np.array(data, dtype=np.float64))
    with suppress(KeyError):  # no flip array
        values[group.flip] *= -1
    with suppress(KeyError):  # no rescaling
        values *= group.rescale
    return np.asarray(values, dtype=np.float64)


class EntryDraws:
    """The (row, col) entries of a mapped matrix and a fresh draw of their values."""

    def __init__(self, mapped: Any) -> None:
        self.mapped = mapped
        self.groups = [g for g in mapped.groups if not g.empty]
        self.rows = np.concatenate([g.row_masked for g in self.groups]).astype(np.int64)
        self.cols = np.concatenate([g.col_masked for g in self.groups]).astype(np.int64)
        self.shape: tuple[int, int] = mapped.matrix.shape

    @property
    def usable(self) -> bool:
        """Whether summing entries reproduces the matrix (no group overwrites another's)."""
        if all(g.package.metadata["sum_inter_duplicates"] for g in self.groups):
            return True
        keys = self.rows * self.shape[1] + self.cols
        per_group = [np.unique(g.row_masked * self.shape[1] + g.col_masked) for g in self.groups]
        return sum(len(k) for k in per_group) == len(np.unique(keys))

    def draw(self) -> Vector:
        """Return the next draw of every entry's value (advancing the groups' generators)."""
        self.mapped.iterate_indexers()
        return np.concatenate([_draw(g) for g in self.groups])

    def transposed_product(self, values: Vector, x: Vector) -> Vector:
        """Return A^T x for the matrix with these entry values."""
        summed = np.bincount(self.cols, weights=values * x[self.rows], minlength=self.shape[1])
        return np.asarray(summed, dtype=np.float64)

    def weighted_column_sums(self, values: Vector, weights: Vector) -> Vector:
        """Return B^T w: each column's entries weighted by their row's w, summed."""
        return self.transposed_product(values, weights)

    def transposed_matrix(self, values: Vector) -> Any:
        """Return A^T as a sparse matrix (for a direct solve)."""
        return csc_matrix((values, (self.cols, self.rows)), shape=self.shape[::-1])
