"""Automatic flags a reviewer sees: where monitoring and model should check each other.

Thresholds: a line above 5% of the total on secondary data and a footprint moving more than
10% are the review policy of the issue; 10% also matches EPD International's rule that a
result worsening by more than 10% forces an update (DOMAIN.md, step 8).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

SECONDARY_SHARE_LIMIT = Decimal("0.05")
MOVE_LIMIT = Decimal("0.10")
METERED_GAP_LIMIT = Decimal("0.10")


@dataclass(frozen=True)
class LineFacts:
    """What the flags need to know about one BOM line."""

    ref: str
    kg_co2e: Decimal
    share: Decimal
    data: str
    grade: str | None = None
    dataset_kind: str | None = None
    is_electricity: bool = False
    energy_kwh: Decimal | None = None


@dataclass(frozen=True)
class MeteredEnergy:
    """Metered annual site energy and the production it served, from the manufacturer."""

    annual_site_energy_kwh: Decimal
    annual_production_units: Decimal


@dataclass(frozen=True)
class Flag:
    """One thing a reviewer should look at."""

    code: str
    message: str
    line_ref: str | None = None
    details: dict[str, str] = field(default_factory=dict)


def _pct(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.1'))}%"


def line_flags(line: LineFacts) -> list[Flag]:
    """Return the flags about one line."""
    flags = []
    if line.grade == "C":
        flags.append(
            Flag("grade_c_data", "uses grade C (secondary or partial) library data", line.ref)
        )
    if line.data == "secondary" and line.share > SECONDARY_SHARE_LIMIT:
        flags.append(
            Flag(
                "secondary_data_major_share",
                f"secondary data for {_pct(line.share)} of the total (limit 5%)",
                line.ref,
                {"share": str(line.share)},
            )
        )
    if line.is_electricity and line.dataset_kind == "co2-only":
        flags.append(
            Flag(
                "co2_only_electricity",
                "electricity modelled with a CO2-only emission factor; a product footprint "
                "needs a life-cycle factor",
                line.ref,
            )
        )
    elif line.dataset_kind == "co2-only":
        flags.append(
            Flag(
                "co2_only_factor",
                "a CO2-only factor (no CH4, N2O or upstream emissions); a product footprint "
                "needs a life-cycle CO2e factor",
                line.ref,
            )
        )
    return flags


def footprint_flags(
    lines: list[LineFacts],
    total_kg_co2e: Decimal,
    previous_total_kg_co2e: Decimal | None,
    metered: MeteredEnergy | None,
) -> list[Flag]:
    """Return every flag of a calculation: per line, then for the whole footprint."""
    flags = [flag for line in lines for flag in line_flags(line)]
    if previous_total_kg_co2e is not None and previous_total_kg_co2e != 0:
        moved = (total_kg_co2e - previous_total_kg_co2e) / abs(previous_total_kg_co2e)
        if abs(moved) > MOVE_LIMIT:
            flags.append(
                Flag(
                    "footprint_moved",
                    f"footprint moved {_pct(moved)} against the previous version",
                    details={"previous": str(previous_total_kg_co2e), "change": str(moved)},
                )
            )
    if metered is not None and metered.annual_production_units > 0:
        per_unit = metered.annual_site_energy_kwh / metered.annual_production_units
        modelled = sum((ln.energy_kwh or Decimal(0) for ln in lines), Decimal(0))
        if per_unit > 0:
            gap = (modelled - per_unit) / per_unit
            if abs(gap) > METERED_GAP_LIMIT:
                flags.append(
                    Flag(
                        "metered_energy_gap",
                        f"BOM energy lines differ from metered energy per unit by {_pct(gap)}",
                        details={
                            "metered_kwh_per_unit": str(per_unit.quantize(Decimal("0.000001"))),
                            "modelled_kwh_per_unit": str(modelled),
                        },
                    )
                )
    return flags
