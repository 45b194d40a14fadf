"""Translated names of the workflow's codes: states, stages, roles, flags, events."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext, lazy_gettext

STATES = {
    "draft": lazy_gettext("Draft"),
    "submitted": lazy_gettext("Submitted"),
    "in_review": lazy_gettext("In review"),
    "changes_requested": lazy_gettext("Changes requested"),
    "resubmitted": lazy_gettext("Resubmitted"),
    "recommended": lazy_gettext("Recommended for approval"),
    "approved": lazy_gettext("Approved"),
    "rejected": lazy_gettext("Rejected"),
    "withdrawn": lazy_gettext("Withdrawn"),
}
STAGES = {
    "raw_materials": lazy_gettext("Raw materials"),
    "production": lazy_gettext("Production"),
    "distribution": lazy_gettext("Distribution"),
    "use": lazy_gettext("Use"),
    "end_of_life": lazy_gettext("End of life"),
}
BOUNDARIES = {
    "cradle-to-gate": lazy_gettext("Cradle to gate"),
    "cradle-to-site": lazy_gettext("Cradle to site"),
    "cradle-to-grave": lazy_gettext("Cradle to grave"),
}
DATA_KINDS = {"primary": lazy_gettext("Primary"), "secondary": lazy_gettext("Secondary")}
ROLES = {
    "manufacturer": lazy_gettext("Manufacturer"),
    "reviewer": lazy_gettext("Reviewer"),
    "decision_maker": lazy_gettext("Decision maker"),
    "admin": lazy_gettext("Administrator"),
}
PARTS = {
    "fossil": lazy_gettext("Fossil"),
    "biogenic": lazy_gettext("Biogenic"),
    "land_use_change": lazy_gettext("Land-use change"),
    "biogenic_uptake": lazy_gettext("Biogenic uptake (reported apart)"),
}
POLLUTANTS = {
    "nox": lazy_gettext("Nitrogen oxides (NOx)"),
    "so2": lazy_gettext("Sulfur dioxide (SO2)"),
    "pm25": lazy_gettext("Fine particles (PM2.5)"),
    "nmvoc": lazy_gettext("Volatile organic compounds (NMVOC)"),
}
CLASSIFICATIONS = {
    "synergy": lazy_gettext("Synergy: both fall"),
    "carbon_only": lazy_gettext("Carbon only"),
    "pollution_only": lazy_gettext("Pollution only"),
    "trade_off": lazy_gettext("Trade-off: one rises while the other falls"),
    "neither": lazy_gettext("Neither falls"),
}
LABEL_STATUSES = {
    "valid": lazy_gettext("Valid"),
    "suspended": lazy_gettext("Suspended"),
    "revoked": lazy_gettext("Revoked"),
    "expired": lazy_gettext("Expired"),
}
LABEL_ACTIONS = {
    "suspend": lazy_gettext("Suspend"),
    "reinstate": lazy_gettext("Reinstate"),
    "revoke": lazy_gettext("Revoke"),
}
LABEL_EVENTS = {
    "issue": lazy_gettext("Issued"),
    "suspend": lazy_gettext("Suspended"),
    "reinstate": lazy_gettext("Reinstated"),
    "revoke": lazy_gettext("Revoked"),
}
EVENTS = {
    "created": lazy_gettext("Application created"),
    "submit": lazy_gettext("Submitted"),
    "start_review": lazy_gettext("Review started"),
    "request_changes": lazy_gettext("Changes requested"),
    "resubmit": lazy_gettext("Revision submitted"),
    "recommend_approval": lazy_gettext("Recommended for approval"),
    "approve": lazy_gettext("Approved"),
    "reject": lazy_gettext("Rejected"),
    "withdraw": lazy_gettext("Withdrawn"),
    "comment": lazy_gettext("Comment"),
    "evidence": lazy_gettext("Evidence uploaded"),
    "ready_for_label": lazy_gettext("Ready for the label"),
    "label_issued": lazy_gettext("Label issued"),
}


def name_of(table: dict[str, Any], code: str | None) -> str:
    """Return the translated name of a code, or the code itself when it has none."""
    if code is None:
        return ""
    return str(table.get(code, code))


def percent(fraction: str | Decimal | None, places: str = "0.1") -> str:
    """Return a decimal fraction as a percentage text, e.g. "0.4572" -> "45.7%"."""
    try:
        value = Decimal(str(fraction)) * 100
    except (InvalidOperation, ValueError):
        return ""
    return f"{value.quantize(Decimal(places))}%"


def pollutant_amount(amount: str, coverage: dict[str, str] | None, key: str) -> str:
    """Return a pollutant amount as the page shows it: "not covered" rather than a false 0.

    coverage is the result's share (0..1) of kg CO2e from lines whose data report each
    pollutant; results stored before it existed have none and show the amount as stored.
    """
    share = None if coverage is None or key not in coverage else Decimal(coverage[key])
    if share is not None and share == 0:
        return str(gettext("not covered"))
    text = f"{amount} kg"
    if share is not None and share < 1:
        whole = int(share * 100)
        pct = "<1%" if whole < 1 else f"{min(whole, 99)}%"
        text += " " + str(gettext("(partial: %(pct)s of the footprint)", pct=pct))
    return text


def warning_message(warning: dict[str, str]) -> str:
    """Return a result warning in the page's language, naming the line by its pointer."""
    if warning["code"] == "co2_only_factor":
        return str(
            gettext(
                "%(pointer)s uses a CO2-only factor: its methane, nitrous oxide and other "
                "greenhouse gases are not counted.",
                pointer=warning["pointer"],
            )
        )
    if warning["code"] == "gwp_basis_not_ar6":
        return str(
            gettext(
                "%(pointer)s uses a CO2e total on its source's older GWP basis, not "
                "recharacterised to IPCC AR6.",
                pointer=warning["pointer"],
            )
        )
    return warning.get("message", warning["code"])


def flag_message(flag: dict[str, Any]) -> str:
    """Return a reviewer flag's message in the page's language."""
    code, details = flag["code"], flag.get("details") or {}
    if code == "grade_c_data":
        return str(gettext("Uses grade C (secondary or partial) library data."))
    if code == "secondary_data_major_share":
        return str(
            gettext(
                "Secondary data for %(share)s of the total (limit 5%%).",
                share=percent(details.get("share")),
            )
        )
    if code == "co2_only_electricity":
        return str(
            gettext(
                "Electricity modelled with a CO2-only emission factor; "
                "a product footprint needs a life-cycle factor."
            )
        )
    if code == "co2_only_factor":
        return str(
            gettext(
                "A CO2-only factor (no CH4, N2O or upstream emissions); "
                "a product footprint needs a life-cycle CO2e factor."
            )
        )
    if code == "footprint_moved":
        return str(
            gettext(
                "The footprint moved %(change)s against the previous version.",
                change=percent(details.get("change")),
            )
        )
    if code == "metered_energy_gap":
        return str(
            gettext(
                "The BOM's energy lines give %(modelled)s kWh per unit; metered site energy "
                "gives %(metered)s kWh per unit.",
                modelled=details.get("modelled_kwh_per_unit", "?"),
                metered=details.get("metered_kwh_per_unit", "?"),
            )
        )
    return str(flag.get("message", code))


def file_size(size: int) -> str:
    """Return a byte count as a short text: 512 B, 3.4 KB, 1.2 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
