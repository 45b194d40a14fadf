"""Presenting an engine Footprint as the API's calculation result (decimal strings)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lca_models import INDICATORS, Footprint, conversion_factor
from service.domain.data_quality import QualityTally, line_score
from service.domain.decimals import quantise, quantum_for, to_text
from service.services.context import LcaRuntime
from service.services.footprints.line_notes import line_warnings, pollutant_coverage

_GWP = INDICATORS.index("gwp_total")
_PARTS = {
    "fossil": INDICATORS.index("gwp_fossil"),
    "biogenic": INDICATORS.index("gwp_biogenic"),
    "land_use_change": INDICATORS.index("gwp_land_use_change"),
}
_UPTAKE = INDICATORS.index("biogenic_uptake")
_POLLUTANTS = {key: INDICATORS.index(key) for key in ("nox", "so2", "pm25", "nmvoc")}


def _text(value: float, quantum: Decimal) -> str:
    return to_text(quantise(value, quantum))


def _line_score(line: dict[str, Any], runtime: LcaRuntime, version: str) -> int:
    if "activity" in line:
        dataset = runtime.dataset(line["activity"], version) if line["data"] != "primary" else None
        return line_score(line["data"], "activity", dataset.grade if dataset else None)
    return line_score(line["data"], "component" if "component" in line else "emissions", None)


def _conversion(line: dict[str, Any], runtime: LcaRuntime, footprint: Footprint) -> dict[str, Any]:
    """Return how a line's amount was converted to its dataset's unit, if it was."""
    others = frozenset(version for version, _ in footprint.libraries)
    dataset = runtime.dataset(line["activity"], footprint.library_version, others)
    if dataset is None or line["unit"] == dataset.unit:
        return {}
    factor = conversion_factor(line["unit"], dataset.unit)
    return {"unit_conversion": {"to_unit": dataset.unit, "factor": to_text(factor)}}


def total_text(totals: Any) -> str:
    """Return the presented total of indicator totals: the sum of its quantised GWP parts."""
    quantum = quantum_for(float(totals[_GWP]))
    return to_text(sum((quantise(totals[i], quantum) for i in _PARTS.values()), Decimal(0)))


def present(footprint: Footprint, document: dict[str, Any], runtime: LcaRuntime) -> dict[str, Any]:
    """Return the stored result: totals, parts, stages, lines, pollutants, data quality."""
    totals = footprint.totals
    quantum = quantum_for(float(totals[_GWP]))
    parts = {name: quantise(totals[i], quantum) for name, i in _PARTS.items()}
    # The total is the exact sum of its presented parts, so the two never disagree.
    total = sum(parts.values(), Decimal(0))
    by_stage: dict[str, float] = {}
    lines_out = []
    tally = QualityTally()
    for engine_line, line in zip(footprint.lines, document["lines"], strict=True):
        value = float(engine_line.indicators[_GWP])
        by_stage[engine_line.stage] = by_stage.get(engine_line.stage, 0.0) + value
        share = value / float(total) if total else 0.0
        out = {
            "ref": engine_line.ref,
            "stage": engine_line.stage,
            "kg_co2e": _text(value, quantum),
            "share": _text(share, Decimal("0.0001")),
            "data": line["data"],
            "pollutants_kg": {
                key: _text(engine_line.indicators[i], quantum_for(engine_line.indicators[i]))
                for key, i in _POLLUTANTS.items()
            },
        }
        for key in ("activity", "component"):
            if key in line:
                out[key] = line[key]
        if "activity" in line:
            out.update(_conversion(line, runtime, footprint))
        if "emissions" in line:
            out["substances"] = [e["substance"] for e in line["emissions"]]
        lines_out.append(out)
        tally.add(value, line["data"], _line_score(line, runtime, footprint.library_version))
    mixed = (
        {"libraries": [{"version": v, "matrices_sha256": h} for v, h in footprint.libraries]}
        if len(footprint.libraries) > 1
        else {}
    )
    return mixed | {
        "declared_unit": dict(document["declared_unit"]),
        "total_kg_co2e": to_text(total),
        "parts": {name: to_text(v) for name, v in parts.items()}
        | {"biogenic_uptake": _text(totals[_UPTAKE], quantum)},
        "by_stage": {stage: _text(v, quantum) for stage, v in by_stage.items()},
        "by_line": lines_out,
        "pollutants_kg": {
            key: _text(totals[i], quantum_for(float(totals[i]))) for key, i in _POLLUTANTS.items()
        },
        "pollutant_coverage": pollutant_coverage(footprint, document, runtime),
        "warnings": line_warnings(document, runtime, footprint.library_version),
        "data_quality": {
            "primary_data_share": _text(tally.primary_share(), Decimal("0.01")),
            "rating": _text(tally.rating(), Decimal("0.1")),
        },
    }
