"""Everything a reviewer needs to understand a footprint without leaving the application."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lca_models import Dataset, conversion_factor, normalise_unit
from service.domain.flags import Flag, LineFacts, MeteredEnergy, footprint_flags
from service.persistence.certification import Application, Submission
from service.persistence.models import BomVersion, Calculation
from service.services.certification import audit
from service.services.certification.applications import visible_application
from service.services.certification.history import comments_of
from service.services.context import Caller, LcaRuntime

_ENERGY_UNITS = ("Wh", "kWh", "MWh", "MJ", "GJ", "TJ")


def _energy_kwh(line: dict[str, Any], unit_of_dataset: str | None) -> Decimal | None:
    """Return the site energy a line models: production-stage energy, not e.g. the kWh
    capacity of a battery pack bought as a raw material."""
    if (
        "activity" not in line
        or unit_of_dataset not in _ENERGY_UNITS
        or line.get("stage") != "production"
    ):
        return None
    return Decimal(line["amount"]) * conversion_factor(normalise_unit(line["unit"]), "kWh")


def _previous_total(session: Session, bom: BomVersion) -> Decimal | None:
    """Return the latest footprint of the product's previous BOM version, if calculated."""
    previous = session.scalar(
        select(BomVersion).where(
            BomVersion.product_id == bom.product_id, BomVersion.version == bom.version - 1
        )
    )
    if previous is None:
        return None
    calculation = session.scalars(
        select(Calculation)
        .where(Calculation.bom_id == previous.id)
        .order_by(Calculation.computed_at.desc())
        .limit(1)
    ).first()
    return Decimal(calculation.total_kg_co2e) if calculation else None


def _facts(line: dict[str, Any], result_line: dict[str, Any], dataset: Dataset | None) -> LineFacts:
    """Return what the flags need of one line: its result, data kind and dataset."""
    return LineFacts(
        ref=line["ref"],
        kg_co2e=Decimal(result_line["kg_co2e"]),
        share=Decimal(result_line["share"]),
        data=line["data"],
        grade=dataset.grade if dataset else None,
        dataset_kind=dataset.kind if dataset else None,
        is_electricity=bool(dataset and dataset.name.startswith("electricity")),
        energy_kwh=_energy_kwh(line, dataset.unit if dataset else None),
    )


def calculation_flags(
    session: Session, runtime: LcaRuntime, calculation: Calculation
) -> list[dict[str, Any]]:
    """Return the automatic flags of a calculation before any application (no metered energy):
    the manufacturer sees what a reviewer will see."""
    by_ref = {line["ref"]: line for line in calculation.bom.document["lines"]}
    facts = []
    for result_line in calculation.result["by_line"]:
        line = by_ref[result_line["ref"]]
        version = calculation.library_version
        others = frozenset(entry["version"] for entry in calculation.result.get("libraries", []))
        dataset = runtime.dataset(line["activity"], version, others) if "activity" in line else None
        facts.append(_facts(line, result_line, dataset))
    flags = footprint_flags(
        facts,
        Decimal(calculation.result["total_kg_co2e"]),
        _previous_total(session, calculation.bom),
        None,
    )
    return [_flag_dict(f) for f in flags]


def _flag_dict(flag: Flag) -> dict[str, Any]:
    return {
        "code": flag.code,
        "message": flag.message,
        "line_ref": flag.line_ref,
        "details": flag.details,
    }


def review_sheet(
    session: Session, caller: Caller, runtime: LcaRuntime, application_id: str
) -> dict[str, Any]:
    """Return the application with every line explained, its flags, comments and history."""
    application: Application = visible_application(session, caller, application_id)
    result = application.calculation.result
    lines_out, facts = [], []
    by_ref = {line["ref"]: line for line in application.bom.document["lines"]}
    for result_line in result["by_line"]:
        line = by_ref[result_line["ref"]]
        version = application.calculation.library_version
        # A mixed BOM's lines name datasets of every version its calculation used.
        others = frozenset(entry["version"] for entry in result.get("libraries", []))
        dataset = runtime.dataset(line["activity"], version, others) if "activity" in line else None
        facts.append(_facts(line, result_line, dataset))
        lines_out.append(
            result_line
            | {
                "amount": line.get("amount"),
                "unit": line.get("unit"),
                "emissions": line.get("emissions"),
                "evidence": line.get("evidence", []),
            }
            | {
                "dataset": None
                if dataset is None
                else {
                    "code": dataset.code,
                    "name": dataset.name,
                    "names": dataset.names,
                    "category": dataset.category,
                    "gwp_basis": dataset.gwp_basis,
                    "unit": dataset.unit,
                    "geography": dataset.geography,
                    "year": dataset.year,
                    "kind": dataset.kind,
                    "source": dataset.source,
                    "licence": dataset.licence,
                    "grade": dataset.grade,
                    "note": dataset.note,
                }
            }
        )
    metered = None
    if application.metered_energy:
        metered = MeteredEnergy(
            Decimal(application.metered_energy["annual_site_energy_kwh"]),
            Decimal(application.metered_energy["annual_production_units"]),
        )
    flags = footprint_flags(
        facts,
        Decimal(result["total_kg_co2e"]),
        _previous_total(session, application.bom),
        metered,
    )
    for out in lines_out:
        out["flags"] = [_flag_dict(f) for f in flags if f.line_ref == out["ref"]]
    submissions = session.scalars(
        select(Submission)
        .where(Submission.application_id == application.id)
        .order_by(Submission.number)
    )
    return {
        "application": application,
        "calculation": result | {"id": application.calculation_id},
        "library": application.calculation.library_version,
        "lines": lines_out,
        "flags": [_flag_dict(f) for f in flags],
        "comments": comments_of(session, application.id),
        "submissions": list(submissions),
        "events": audit.events_of(session, application.id),
    }
