"""Each library exchange's uncertainty: the source's own where it publishes one, else by grade.

Kept apart from datasets.csv and exchanges.csv so that the data rows can be revised without
touching uncertainties: `uncertainty.csv` holds published 95% intervals per (dataset, flow);
every other elementary flow gets the lognormal of its dataset's grade (pedigree matrix, see
lca_models.uncertainty.pedigree). Technosphere links of the library (`@` flows) join two
published parts one to one and carry no uncertainty of their own.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lca_models.library.catalogue import DATA_DIR, Dataset, Exchange
from lca_models.uncertainty.pedigree import DEFAULT_BY_GRADE

UNCERTAINTY_FILE = "uncertainty.csv"
# Two-sided 95% normal quantile: a published 95% interval [low, high] of a lognormal
# spans median * GSD^-1.96 .. median * GSD^+1.96.
Z_95 = 1.959963984540054
# stats_arrays' distribution id of the lognormal (LognormalUncertainty.id).
LOGNORMAL_ID = 2


@dataclass(frozen=True)
class ExchangeSpread:
    """A lognormal GSD and where it comes from."""

    gsd: float
    origin: str


def _read(path: Path) -> dict[tuple[str, str], ExchangeSpread]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    found = {}
    for row in rows:
        low, high = float(row["low"]), float(row["high"])
        gsd = math.exp(math.log(high / low) / (2 * Z_95))
        found[(row["code"].strip(), row["flow"].strip())] = ExchangeSpread(gsd, row["source"])
    return found


@lru_cache(maxsize=4)
def published(data_dir: Path = DATA_DIR) -> dict[tuple[str, str], ExchangeSpread]:
    """Return the published uncertainties of a data directory, by (dataset code, flow)."""
    return _read(data_dir / UNCERTAINTY_FILE)


def spread(dataset: Dataset, exchange: Exchange, data_dir: Path = DATA_DIR) -> ExchangeSpread:
    """Return one elementary exchange's lognormal spread."""
    own = published(data_dir).get((exchange.code, exchange.flow))
    if own is not None:
        return own
    gsd = DEFAULT_BY_GRADE[dataset.grade].gsd() if dataset.grade in DEFAULT_BY_GRADE else 1.0
    return ExchangeSpread(gsd, f"pedigree of grade {dataset.grade}")


def brightway_fields(amount: float, gsd: float) -> dict[str, Any]:
    """Return the Brightway (stats_arrays) fields of a lognormal with median `amount`."""
    if amount == 0 or gsd <= 1.0:
        return {}
    return {
        "uncertainty type": LOGNORMAL_ID,
        "loc": math.log(abs(amount)),
        "scale": math.log(gsd),
        "negative": amount < 0,
    }
