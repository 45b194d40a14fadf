"""The pedigree matrix: five data-quality scores turned into a lognormal spread.

Factors: the ecoinvent version 3 pedigree uncertainty factors, i.e. the empirically based
factors of Ciroth, Muller, Weidema and Lesage (2016), "Empirically based uncertainty factors
for the pedigree matrix in ecoinvent", Int J LCA 21:1338-1348, which replaced the expert
factors of the ecoinvent v2 report (Frischknecht et al. 2007, Table 10.2). They are the set
Brightway's pedigree_matrix package calls "VERSION_2". Each factor multiplies the square of
the geometric standard deviation (GSD^2), and the variances of the logarithms add
(ecoinvent data quality guideline v3, Weidema et al. 2013, section 10.2):

    sigma = sqrt(ln(U_basic)^2 + sum ln(U_i)^2) / 2,   GSD = exp(sigma).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

INDICATORS: tuple[str, ...] = (
    "reliability",
    "completeness",
    "temporal",
    "geographical",
    "technological",
)
# GSD^2 contribution of scores 1..5 per indicator (Ciroth et al. 2016; ecoinvent v3).
FACTORS: dict[str, tuple[float, ...]] = {
    "reliability": (1.0, 1.54, 1.61, 1.69, 1.69),
    "completeness": (1.0, 1.03, 1.04, 1.08, 1.08),
    "temporal": (1.0, 1.03, 1.10, 1.19, 1.29),
    "geographical": (1.0, 1.04, 1.08, 1.11, 1.11),
    "technological": (1.0, 1.18, 1.65, 2.08, 2.80),
}
# Basic uncertainty (GSD^2) of a demand of energy or materials, and of CO2 from combustion:
# 1.05 (the default basic uncertainties of the ecoinvent data quality guideline v3, Weidema
# et al. 2013, section 10.2); we apply it to every BOM amount and library factor.
BASIC_GSD2 = 1.05


@dataclass(frozen=True)
class Pedigree:
    """Five pedigree scores, each 1 (best) to 5."""

    reliability: int
    completeness: int
    temporal: int
    geographical: int
    technological: int

    def scores(self) -> tuple[int, ...]:
        """Return the scores in INDICATORS order."""
        return (
            self.reliability,
            self.completeness,
            self.temporal,
            self.geographical,
            self.technological,
        )

    def sigma(self, basic_gsd2: float = BASIC_GSD2) -> float:
        """Return the standard deviation of the logarithm (sigma of the lognormal)."""
        logs = [math.log(basic_gsd2)] + [
            math.log(FACTORS[name][score - 1])
            for name, score in zip(INDICATORS, self.scores(), strict=True)
        ]
        return math.sqrt(sum(x * x for x in logs)) / 2

    def gsd(self, basic_gsd2: float = BASIC_GSD2) -> float:
        """Return the geometric standard deviation."""
        return math.exp(self.sigma(basic_gsd2))


# Lines that state no uncertainty: a primary (measured, site-specific) amount is scored
# reliability 2 (measured, not verified), completeness 2, and 1 for time, place and
# technology (it is this product's own data); a secondary amount (an estimate from design
# data or literature) reliability 4, completeness 3, temporal 2, and 1 for place and
# technology (still this product). Gives GSD 1.24 and 1.30 (see README "Uncertainty").
DEFAULT_BY_DATA_KIND: dict[str, Pedigree] = {
    "primary": Pedigree(2, 2, 1, 1, 1),
    "secondary": Pedigree(4, 3, 2, 1, 1),
}

# Library datasets without a published uncertainty: pedigree by the library's grade
# (SOURCES.md: A official and checked, B official through a checked secondary copy,
# C secondary or partial). Gives GSD 1.26 (A), 1.40 (B), 1.57 (C).
DEFAULT_BY_GRADE: dict[str, Pedigree] = {
    "A": Pedigree(2, 2, 2, 2, 2),
    "B": Pedigree(2, 3, 3, 2, 3),
    "C": Pedigree(3, 4, 4, 3, 4),
}
