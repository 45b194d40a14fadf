"""PACT v3 data-quality ratings of a result: technological, geographical, temporal.

PACT Technical Specifications v3 (DataQualityIndicators): each rating is 1 (best) to 5,
"based on weighted average of all inputs" of the PCF excluding biogenic uptake; we weight
each line by its absolute kg CO2e. Per line, the scores are those of the ecoinvent v3
pedigree matrix's indicator definitions (Weidema et al. 2013, chapter 10), taken:
- from the line's own pedigree when it states one;
- primary data without a pedigree: 1, 1, 1 (this product's own site and period);
- a library dataset: temporal from the years between the dataset and the BOM's reference
  period (<3: 1, <6: 2, <10: 3, <15: 4, else or unknown: 5); geographical from the dataset's
  area against the site's region (same: 1, the country containing it: 2, global: 3, another:
  4, unknown: 5); technological from the dataset's grade (A 2, B 3, C 4: lca_models'
  DEFAULT_BY_GRADE);
- direct emissions estimated without a pedigree: the secondary default (2, 1, 1);
- components: 3, 3, 3 until a component's own ratings are carried through.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lca_models import PEDIGREE_BY_DATA_KIND as DEFAULT_BY_DATA_KIND
from lca_models import PEDIGREE_BY_GRADE as DEFAULT_BY_GRADE
from service.domain.decimals import quantise, to_text
from service.services.context import LcaRuntime

RATINGS = ("technological", "geographical", "temporal")
_COMPONENT = {"technological": 3, "geographical": 3, "temporal": 3}
_GLOBAL = ("GLO", "RoW", "RER", "World")


def _temporal(dataset_year: int | None, period_start: str) -> int:
    if dataset_year is None:
        return 5
    age = abs(int(period_start[:4]) - dataset_year)
    for score, limit in ((1, 3), (2, 6), (3, 10), (4, 15)):
        if age < limit:
            return score
    return 5


def _geographical(geography: str, region: str) -> int:
    if not geography:
        return 5
    if geography == region:
        return 1
    if region.startswith(geography + "-"):
        return 2
    if geography in _GLOBAL:
        return 3
    return 4


def line_scores(
    line: dict[str, Any], document: dict[str, Any], runtime: LcaRuntime, version: str
) -> dict[str, int]:
    """Return one stored BOM line's technological, geographical and temporal scores."""
    if "pedigree" in line:
        return {name: int(line["pedigree"][name]) for name in RATINGS}
    if line["data"] == "primary":
        return dict.fromkeys(RATINGS, 1)
    if "activity" in line:
        dataset = runtime.dataset(line["activity"], version)
        if dataset is None:
            return dict.fromkeys(RATINGS, 5)
        grade = DEFAULT_BY_GRADE.get(dataset.grade)
        return {
            "technological": grade.technological if grade else 5,
            "geographical": _geographical(dataset.geography, document["site"]["region"]),
            "temporal": _temporal(dataset.year, document["reference_period"]["start"]),
        }
    if "component" in line:
        return dict(_COMPONENT)
    default = DEFAULT_BY_DATA_KIND["secondary"]
    return {
        "technological": default.technological,
        "geographical": default.geographical,
        "temporal": default.temporal,
    }


def pact_ratings(
    weights: list[float], document: dict[str, Any], runtime: LcaRuntime, version: str
) -> dict[str, str]:
    """Return the emissions-weighted PACT DQRs (decimal strings, one decimal place).

    Keys technological_dqr, geographical_dqr, temporal_dqr: PACT's technologicalDQR,
    geographicalDQR and temporalDQR.
    """
    total = sum(abs(w) for w in weights)
    sums = dict.fromkeys(RATINGS, 0.0)
    for weight, line in zip(weights, document["lines"], strict=True):
        scores = line_scores(line, document, runtime, version)
        for name in RATINGS:
            sums[name] += abs(weight) * scores[name]
    return {
        f"{name}_dqr": to_text(quantise(sums[name] / total if total else 5.0, Decimal("0.1")))
        for name in RATINGS
    }
