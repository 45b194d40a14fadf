"""Presenting a Monte Carlo footprint as the result's `uncertainty` section (decimal strings)."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from lca_models import (
    INDICATORS,
    Bom,
    ComponentFootprint,
    Footprint,
    Interval,
    LabelValue,
    LcaError,
    MonteCarloFootprint,
    UnknownComponent,
)
from service.domain.decimals import quantise, quantum_for, to_text
from service.errors import ValidationFailed
from service.services.context import LcaRuntime
from service.services.footprints.data_quality import pact_ratings

_GWP = INDICATORS.index("gwp_total")


def full_text(value: float) -> str:
    """Return a float as exponent-free decimal text at the API's full precision.

    That is the 6 significant digits of every result value (service.domain.decimals), not
    the coarser rounding the interval supports on pages and labels.
    """
    return to_text(quantise(value, quantum_for(value)))


def _interval(interval: Interval) -> dict[str, str]:
    return {
        "p2_5": full_text(interval.p2_5),
        "p50": full_text(interval.p50),
        "p97_5": full_text(interval.p97_5),
        "mean": full_text(interval.mean),
    }


def present_uncertainty(result: MonteCarloFootprint) -> dict[str, Any]:
    """Return the `uncertainty` section of a calculation result (API keeps full precision)."""
    return {
        "method": "monte-carlo",
        # Counts as strings too: results, review sheets and credentials carry no JSON numbers.
        "draws": str(result.draws),
        "background_draws": str(result.background_draws),
        "seed": str(result.seed),
        "confidence": "0.95",
        "total_kg_co2e": _interval(result.total),
        "by_stage": {stage: _interval(i) for stage, i in result.by_stage.items()},
        "variance_contributors": [
            {
                "pointer": c.pointer,
                "ref": c.ref,
                "share": to_text(quantise(c.share, Decimal("0.0001"))),
            }
            for c in result.contributors
        ],
        "blocked": [
            {"pointer": b.pointer, "ref": b.ref, "reason": b.reason} for b in result.blocked
        ],
    }


def add_uncertainty(
    result: dict[str, Any],
    runtime: LcaRuntime,
    boms: dict[str, Bom],
    bom_id: str,
    bom_sha256: str,
    footprint: Footprint,
    document: dict[str, Any],
    components: Callable[[str], ComponentFootprint] | None = None,
) -> None:
    """Add the Monte Carlo interval and the PACT data-quality ratings to a stored result.

    components resolves supplier components (labels, PACT footprints): they are held at their
    stated value in every draw (named as blocked), their own spread not being published.
    """
    version = footprint.library_version

    def label_value(name: str) -> LabelValue:
        if components is None:
            raise UnknownComponent(f"component {name} is not available")
        found = components(name)
        gwp = float(found.indicators[_GWP])
        return LabelValue(found.declared_amount, found.declared_unit, gwp)

    try:
        sampled = runtime.uncertainty.footprint(
            boms[bom_id], version, bom_sha256, boms.__getitem__, label_value
        )
    except LcaError as error:
        raise ValidationFailed(error.message, {error.pointer or "/": [error.message]}) from None
    if not math.isfinite(sampled.total.p97_5) or not math.isfinite(sampled.total.p2_5):
        message = "the footprint's draws are out of range: component amounts multiply beyond reason"
        raise ValidationFailed(message, {"/lines": [message]})
    result["uncertainty"] = present_uncertainty(sampled)
    weights = [float(line.indicators[_GWP]) for line in footprint.lines]
    result["data_quality"] = result["data_quality"] | pact_ratings(
        weights, document, runtime, version
    )
