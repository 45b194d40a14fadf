"""A line amount's probability distribution and how its draws are made.

Parameters are in the line's own unit: the stated amount is the lognormal's median, the
normal's mean and the triangular's mode. A relative distribution (lognormal) also serves
lines without one amount (direct emissions: every substance's amount is scaled alike).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lca_models.uncertainty.pedigree import DEFAULT_BY_DATA_KIND, Pedigree

DISTRIBUTIONS = ("lognormal", "normal", "triangular", "uniform", "none")
Draws = npt.NDArray[np.float64]


@dataclass(frozen=True)
class AmountUncertainty:
    """How a line amount varies; `origin` says where the figures came from."""

    distribution: str
    gsd: float = 1.0
    sd: float = 0.0
    minimum: float = 0.0
    maximum: float = 0.0
    origin: str = "stated"  # stated | pedigree | default-primary | default-secondary

    @property
    def relative(self) -> bool:
        """Whether draws scale with the amount (lognormal or none), not absolute figures."""
        return self.distribution in ("lognormal", "none")

    def draws(self, amount: float, rng: np.random.Generator, n: int) -> Draws:
        """Return n draws of the amount (always the same count from rng, whatever the kind)."""
        u = rng.random(n)
        if self.distribution == "lognormal":
            z = _normal_quantile(u)
            return amount * np.exp(math.log(self.gsd) * z)
        if self.distribution == "normal":
            return amount + self.sd * _normal_quantile(u)
        if self.distribution == "uniform":
            return self.minimum + (self.maximum - self.minimum) * u
        if self.distribution == "triangular":
            return _triangular(u, self.minimum, amount, self.maximum)
        return np.full(n, amount, dtype=np.float64)

    def factors(self, rng: np.random.Generator, n: int) -> Draws:
        """Return n draws of a relative distribution's multiplier (median 1)."""
        return self.draws(1.0, rng, n)


def _normal_quantile(u: Draws) -> Draws:
    """Standard normal quantile of uniforms in (0, 1) (scipy's ndtri, vectorised)."""
    from scipy.special import ndtri

    # rng.random() can return exactly 0; nudge it inside the open interval.
    return np.asarray(ndtri(np.clip(u, 1e-300, 1.0)), dtype=np.float64)


def _triangular(u: Draws, low: float, mode: float, high: float) -> Draws:
    """Inverse CDF of the triangular distribution (min low, mode, max high)."""
    width = high - low
    if width <= 0:
        return np.full(u.shape, mode, dtype=np.float64)
    cut = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


def from_pedigree(pedigree: Pedigree, origin: str = "pedigree") -> AmountUncertainty:
    """Return the lognormal a pedigree gives (ecoinvent v3 pedigree matrix)."""
    return AmountUncertainty("lognormal", gsd=pedigree.gsd(), origin=origin)


def default_for(data_kind: str) -> AmountUncertainty:
    """Return the uncertainty of a line that states none, by its data kind."""
    pedigree = DEFAULT_BY_DATA_KIND.get(data_kind, DEFAULT_BY_DATA_KIND["secondary"])
    return from_pedigree(pedigree, origin=f"default-{data_kind}")


def from_document(
    uncertainty: dict[str, str] | None, pedigree: dict[str, int] | None, data_kind: str
) -> AmountUncertainty:
    """Return a stored line's uncertainty: stated, from its pedigree, or the default."""
    if uncertainty:
        kind = uncertainty["distribution"]
        return AmountUncertainty(
            kind,
            gsd=float(uncertainty.get("gsd", "1")),
            sd=float(uncertainty.get("sd", "0")),
            minimum=float(uncertainty.get("min", "0")),
            maximum=float(uncertainty.get("max", "0")),
        )
    if pedigree:
        return from_pedigree(Pedigree(**{k: int(v) for k, v in pedigree.items()}))
    return default_for(data_kind)
