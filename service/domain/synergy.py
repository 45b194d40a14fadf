"""Pollution and carbon together: comparing two footprints of a product, as pure rules.

A synergy assessment answers whether a change that cuts CO2e also cuts each air pollutant
(Shenzhen's plan for the coordinated reduction of pollution and carbon, DOMAIN.md). Reductions
are (baseline - alternative) / baseline; an elasticity is a pollutant's reduction over the CO2e
reduction; pollutants are also weighed together as air pollutant equivalents (APE).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Context, Decimal
from enum import StrEnum
from typing import Any

from service.domain.decimals import to_text

POLLUTANTS = ("nox", "so2", "pm25", "nmvoc")

# Air pollutant equivalent values, kg of the pollutant per equivalent: Environmental Protection
# Tax Law of the PRC (adopted 2016-12-25, in force 2018-01-01), annex "Table of taxable
# pollutants and equivalent values", part II (air pollutants): SO2 0.95, NOx 0.95, soot and
# dust (烟尘) 2.18. The table weighs particulates by source type, not by size; combustion fine
# particles are soot and dust, so PM2.5 takes the 烟尘 value. It lists individual organic
# compounds (benzene, toluene, formaldehyde, ...) but no total NMVOC, and a footprint's NMVOC is
# not speciated, so NMVOC has no defensible weight and is left out of the APE (said in the body).
APE_KG_PER_EQUIVALENT = {"so2": Decimal("0.95"), "nox": Decimal("0.95"), "pm25": Decimal("2.18")}
APE_SOURCE = (
    "Environmental Protection Tax Law of the PRC (2016), annex table of taxable pollutants and "
    "equivalent values, air pollutants: SO2 0.95 kg, NOx 0.95 kg, soot and dust 2.18 kg (PM2.5)"
)
APE_EXCLUDED = {"nmvoc": "the table has no equivalent value for total NMVOC (only for compounds)"}

# A relative change smaller than this is no change: stored results keep six significant digits
# and library factors are far less certain than 0.1%, so a smaller move is not a reduction.
NEGLIGIBLE_CHANGE = Decimal("0.001")
# Coverage shares (library issue) that differ by more than this between the two sides make the
# comparison partly a comparison of what was measured rather than of what was emitted.
COVERAGE_GAP_WARNING = Decimal("0.10")
# Reductions, elasticities and coefficients keep six significant digits (as results do).
_DIGITS = Context(prec=6)
_DRIVERS = 5


class Classification(StrEnum):
    """How a pollutant moved together with CO2e."""

    SYNERGY = "synergy"  # both fall
    CARBON_ONLY = "carbon_only"  # CO2e falls, the pollutant does not move
    POLLUTION_ONLY = "pollution_only"  # the pollutant falls, CO2e does not move
    TRADE_OFF = "trade_off"  # one rises while the other falls
    NEITHER = "neither"  # nothing falls


class Direction(StrEnum):
    """Which way a quantity moved from the baseline to the alternative."""

    FALLS = "falls"
    UNCHANGED = "unchanged"
    RISES = "rises"


@dataclass(frozen=True)
class Side:
    """What the assessment needs of one calculation: totals, coverage and per-line values."""

    kg_co2e: Decimal
    pollutants_kg: dict[str, Decimal]
    # Share of kg CO2e whose datasets report each pollutant; None when the result predates it.
    coverage: dict[str, Decimal | None]
    lines: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # ref -> co2e, pollutants


def direction(baseline: Decimal, alternative: Decimal) -> Direction:
    """Return whether a quantity fell, rose or stayed within NEGLIGIBLE_CHANGE."""
    change = alternative - baseline
    if baseline == 0:
        relative = Decimal(0) if change == 0 else Decimal(1).copy_sign(change)
    else:
        relative = change / abs(baseline)
    if relative < -NEGLIGIBLE_CHANGE:
        return Direction.FALLS
    if relative > NEGLIGIBLE_CHANGE:
        return Direction.RISES
    return Direction.UNCHANGED


def reduction(baseline: Decimal, alternative: Decimal) -> Decimal | None:
    """Return (baseline - alternative) / baseline, or None when the baseline is zero."""
    if baseline == 0:
        return None
    return _DIGITS.divide(baseline - alternative, baseline)


def classify(co2e: Direction, pollutant: Direction) -> Classification:
    """Return how a pollutant moved together with CO2e."""
    if co2e is Direction.FALLS and pollutant is Direction.FALLS:
        return Classification.SYNERGY
    if Direction.FALLS in (co2e, pollutant) and Direction.RISES in (co2e, pollutant):
        return Classification.TRADE_OFF
    if co2e is Direction.FALLS:
        return Classification.CARBON_ONLY
    if pollutant is Direction.FALLS:
        return Classification.POLLUTION_ONLY
    return Classification.NEITHER


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """Return numerator / denominator to six digits, or None when either is missing or zero."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return _DIGITS.divide(numerator, denominator)


def ape(pollutants_kg: dict[str, Decimal]) -> Decimal:
    """Return the air pollutant equivalents of SO2, NOx and PM2.5 (NMVOC excluded, see above)."""
    return sum(
        (pollutants_kg[key] / kg for key, kg in APE_KG_PER_EQUIVALENT.items()),
        Decimal(0),
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else to_text(value)


def drivers(baseline: Side, alternative: Side, key: str) -> list[dict[str, str | None]]:
    """Return the lines whose change moves `key` (co2e or a pollutant) most, largest first."""
    refs = sorted(set(baseline.lines) | set(alternative.lines))
    total_change = sum(
        (
            baseline.lines.get(r, {}).get(key, Decimal(0))
            - alternative.lines.get(r, {}).get(key, Decimal(0))
            for r in refs
        ),
        Decimal(0),
    )
    rows = []
    for ref in refs:
        before = baseline.lines.get(ref, {}).get(key, Decimal(0))
        after = alternative.lines.get(ref, {}).get(key, Decimal(0))
        if before != after:
            rows.append((before - after, ref, before, after))
    rows.sort(key=lambda row: (-abs(row[0]), row[1]))
    return [
        {
            "ref": ref,
            "baseline_kg": to_text(before) if ref in baseline.lines else None,
            "alternative_kg": to_text(after) if ref in alternative.lines else None,
            "reduction_kg": to_text(change),
            "share_of_change": _text(ratio(change, total_change)),
        }
        for change, ref, before, after in rows[:_DRIVERS]
    ]


def _coverage_warning(key: str, baseline: Side, alternative: Side) -> str | None:
    before, after = baseline.coverage.get(key), alternative.coverage.get(key)
    if before is None or after is None:
        return f"{key}: the coverage of one side is not known (calculated before it was recorded)"
    if abs(before - after) > COVERAGE_GAP_WARNING:
        return (
            f"{key}: coverage differs between the sides ({to_text(before)} vs {to_text(after)} "
            "of kg CO2e), so part of the change is a change in what was measured"
        )
    return None


def _covered(coverage: Decimal | None) -> bool:
    return coverage is None or coverage > 0


def assess(baseline: Side, alternative: Side) -> dict[str, Any]:
    """Return the assessment body: CO2e, each pollutant, the APE and the lines behind them."""
    co2e_direction = direction(baseline.kg_co2e, alternative.kg_co2e)
    co2e_reduction = reduction(baseline.kg_co2e, alternative.kg_co2e)
    carbon_moves = co2e_direction is not Direction.UNCHANGED
    warnings: list[str] = []
    pollutants: dict[str, Any] = {}
    for key in POLLUTANTS:
        before, after = baseline.pollutants_kg[key], alternative.pollutants_kg[key]
        moved = direction(before, after)
        pollutant_reduction = reduction(before, after)
        covered = _covered(baseline.coverage.get(key)) and _covered(alternative.coverage.get(key))
        if (warning := _coverage_warning(key, baseline, alternative)) is not None:
            warnings.append(warning)
        if not covered:
            warnings.append(f"{key}: not covered on at least one side; no classification")
        pollutants[key] = {
            "baseline_kg": to_text(before),
            "alternative_kg": to_text(after),
            "reduction": _text(pollutant_reduction),
            "elasticity": _text(ratio(pollutant_reduction, co2e_reduction))
            if carbon_moves
            else None,
            "classification": classify(co2e_direction, moved).value if covered else None,
            "coverage": {
                "baseline": _text(baseline.coverage.get(key)),
                "alternative": _text(alternative.coverage.get(key)),
            },
            "drivers": drivers(baseline, alternative, key),
        }
    ape_before, ape_after = ape(baseline.pollutants_kg), ape(alternative.pollutants_kg)
    ape_reduction = reduction(ape_before, ape_after)
    return {
        "co2e": {
            "baseline_kg": to_text(baseline.kg_co2e),
            "alternative_kg": to_text(alternative.kg_co2e),
            "reduction": _text(co2e_reduction),
            "drivers": drivers(baseline, alternative, "co2e"),
        },
        "pollutants": pollutants,
        "air_pollutant_equivalent": {
            "baseline": to_text(_DIGITS.plus(ape_before)),
            "alternative": to_text(_DIGITS.plus(ape_after)),
            "reduction": _text(ape_reduction),
            "synergy_coefficient": _text(ratio(ape_reduction, co2e_reduction))
            if carbon_moves
            else None,
            "kg_per_equivalent": {k: to_text(v) for k, v in APE_KG_PER_EQUIVALENT.items()},
            "excluded": dict(APE_EXCLUDED),
            "source": APE_SOURCE,
        },
        "warnings": warnings,
    }
