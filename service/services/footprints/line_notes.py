"""What a result says about its factors: warnings per line and the air pollutants covered.

A CO2-only factor (grid CO2 emission factors, worldsteel crude steel, process CO2) leaves out
methane, nitrous oxide and upstream emissions, and a published CO2e total on an older GWP basis
cannot be brought to AR6 without its split by gas: each line using one gets a warning naming the
line by JSON pointer (issue 9, E3 and "CO2-only" rules). Pollutant coverage tells how much of the
footprint comes from lines whose data report each pollutant, so an uncovered pollutant is never
shown as a measured zero.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lca_models import INDICATORS, NON_AR6_BASES, POLLUTANT_KEYS, Dataset, Footprint
from service.domain.decimals import quantise, to_text
from service.services.context import LcaRuntime

_GWP = INDICATORS.index("gwp_total")
POLLUTANTS = tuple(POLLUTANT_KEYS.values())
_SHARE = Decimal("0.0001")


def _datasets(document: dict[str, Any], runtime: LcaRuntime, version: str) -> list[Dataset | None]:
    return [
        runtime.dataset(line["activity"], version) if "activity" in line else None
        for line in document["lines"]
    ]


def line_warnings(
    document: dict[str, Any], runtime: LcaRuntime, version: str
) -> list[dict[str, str]]:
    """Return a warning per line using a CO2-only factor or a CO2e total not on AR6."""
    warnings = []
    for i, dataset in enumerate(_datasets(document, runtime, version)):
        if dataset is None:
            continue
        pointer = f"/lines/{i}/activity"
        if dataset.kind == "co2-only" or dataset.gwp_basis == "CO2-only":
            warnings.append(
                {
                    "code": "co2_only_factor",
                    "pointer": pointer,
                    "message": f"{dataset.code} is a CO2-only factor: methane, nitrous oxide and "
                    "other greenhouse gases of this line are not counted",
                }
            )
        elif dataset.gwp_basis in NON_AR6_BASES:
            warnings.append(
                {
                    "code": "gwp_basis_not_ar6",
                    "pointer": pointer,
                    "message": f"{dataset.code} is a CO2e total on the {dataset.gwp_basis} GWP "
                    "basis of its source, not split by gas, so it is not recharacterised to AR6",
                }
            )
    return warnings


def _reports(dataset: Dataset, runtime: LcaRuntime, version: str) -> set[str]:
    if dataset.pollutants is not None:
        return set(dataset.pollutants)
    # Imported databases carry no list: a pollutant counts as reported where it scores.
    table = runtime.engine.table(version)
    row = table.scores[table.index[dataset.code]]
    return {key for key in POLLUTANTS if row[INDICATORS.index(key)] != 0}


def _line_reports(
    line: dict[str, Any], dataset: Dataset | None, runtime: LcaRuntime, version: str
) -> set[str]:
    if dataset is not None:
        return _reports(dataset, runtime, version)
    if "emissions" in line:
        # A measured emission line reports the pollutants it names, and only those.
        return {
            POLLUTANT_KEYS[e["substance"]]
            for e in line["emissions"]
            if e["substance"] in POLLUTANT_KEYS
        }
    # Components (sub-assemblies and labels) are not looked into: counted as not covering.
    return set()


def pollutant_coverage(
    footprint: Footprint, document: dict[str, Any], runtime: LcaRuntime
) -> dict[str, str]:
    """Return per pollutant the share (0..1) of the footprint's |kg CO2e| whose lines report it."""
    version = footprint.library_version
    datasets = _datasets(document, runtime, version)
    covered = dict.fromkeys(POLLUTANTS, 0.0)
    weight = 0.0
    for engine_line, line, dataset in zip(
        footprint.lines, document["lines"], datasets, strict=True
    ):
        value = abs(float(engine_line.indicators[_GWP]))
        weight += value
        for key in _line_reports(line, dataset, runtime, version):
            covered[key] += value
    return {
        key: to_text(quantise(covered[key] / weight if weight else 0.0, _SHARE))
        for key in POLLUTANTS
    }
