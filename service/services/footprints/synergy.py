"""Synergy assessments: two calculations compared for CO2e and air pollutants, stored and listed."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.domain.roles import Role
from service.domain.synergy import POLLUTANTS, Side, assess
from service.errors import CalculationNotFound, Forbidden, NotFound, ValidationFailed
from service.persistence.labels import Label
from service.persistence.models import Calculation
from service.persistence.synergy import SynergyAssessment
from service.services.context import Caller, utc_now
from service.services.footprints.boms import visible_bom
from service.services.footprints.calculations import get_calculation
from service.services.footprints.products import require_manufacturer, visible_product

PAGE_LIMIT = 100
CLASSIFICATIONS = ("synergy", "carbon_only", "pollution_only", "trade_off", "neither")


def side_of(calculation: Calculation) -> Side:
    """Return what an assessment needs of a stored calculation."""
    result = calculation.result
    coverage = result.get("pollutant_coverage") or {}
    lines = {
        line["ref"]: {"co2e": Decimal(line["kg_co2e"])}
        | {key: Decimal(line.get("pollutants_kg", {}).get(key, "0")) for key in POLLUTANTS}
        for line in result["by_line"]
    }
    return Side(
        kg_co2e=Decimal(result["total_kg_co2e"]),
        pollutants_kg={key: Decimal(result["pollutants_kg"][key]) for key in POLLUTANTS},
        coverage={key: Decimal(coverage[key]) if key in coverage else None for key in POLLUTANTS},
        lines=lines,
    )


def _comparable(baseline: Calculation, alternative: Calculation) -> None:
    errors: dict[str, list[str]] = {}
    unit_before, unit_after = baseline.result["declared_unit"], alternative.result["declared_unit"]
    if (Decimal(unit_before["amount"]), unit_before["unit"]) != (
        Decimal(unit_after["amount"]),
        unit_after["unit"],
    ):
        errors["/alternative"] = [
            f"declared unit {unit_after['amount']} {unit_after['unit']} differs from the "
            f"baseline's {unit_before['amount']} {unit_before['unit']}"
        ]
    boundary_before = baseline.bom.document["system_boundary"]
    boundary_after = alternative.bom.document["system_boundary"]
    if boundary_before != boundary_after:
        errors.setdefault("/alternative", []).append(
            f"system boundary {boundary_after} differs from the baseline's {boundary_before}"
        )
    if errors:
        raise ValidationFailed("the two calculations cannot be compared", errors)


def _own_calculation(
    session: Session, caller: Caller, calculation_id: str, field: str
) -> Calculation:
    try:
        return get_calculation(session, caller, calculation_id)
    except CalculationNotFound as error:
        # Unknown and another organisation's look the same: 404, naming the field.
        raise CalculationNotFound(error.message, {f"/{field}": [error.message]}) from None


def store(session: Session, baseline: Calculation, alternative: Calculation) -> SynergyAssessment:
    """Assess alternative against baseline and add the assessment to the session.

    Calculations never change, so the same pair always gives the same answer: an assessment
    already stored for it (by hand or by a label's issuance) is returned instead of a second copy.
    """
    _comparable(baseline, alternative)
    stored = session.scalars(
        select(SynergyAssessment)
        .where(
            SynergyAssessment.baseline_calculation_id == baseline.id,
            SynergyAssessment.alternative_calculation_id == alternative.id,
        )
        .order_by(SynergyAssessment.created_at, SynergyAssessment.id)
        .limit(1)
    ).first()
    if stored is not None:
        return stored
    result = assess(side_of(baseline), side_of(alternative))
    classes = sorted(
        {p["classification"] for p in result["pollutants"].values() if p["classification"]}
    )
    assessment = SynergyAssessment(
        id=new_id("synergy"),
        org_id=alternative.bom.product.org_id,
        product_id=alternative.bom.product_id,
        baseline_calculation_id=baseline.id,
        alternative_calculation_id=alternative.id,
        classifications=f" {' '.join(classes)} ",
        result=result,
        created_at=utc_now(),
    )
    session.add(assessment)
    return assessment


def create(
    session: Session, caller: Caller, baseline_id: object, alternative_id: object
) -> SynergyAssessment:
    """Compare two of the caller's calculations and store the assessment."""
    require_manufacturer(caller)
    missing = {
        f"/{name}": ["required: a calculation id"]
        for name, value in (("baseline", baseline_id), ("alternative", alternative_id))
        if not isinstance(value, str) or not value
    }
    if missing:
        raise ValidationFailed("both calculations are required", missing)
    baseline = _own_calculation(session, caller, str(baseline_id), "baseline")
    alternative = _own_calculation(session, caller, str(alternative_id), "alternative")
    assessment = store(session, baseline, alternative)
    session.commit()
    return assessment


def create_for_boms(
    session: Session, caller: Caller, baseline_bom_id: str, alternative_bom_id: str
) -> SynergyAssessment:
    """Compare the latest calculations of two of the caller's BOM versions (the web form)."""
    require_manufacturer(caller)
    chosen: list[Calculation] = []
    for field, bom_id in (("baseline", baseline_bom_id), ("alternative", alternative_bom_id)):
        bom = visible_bom(session, caller, bom_id)
        latest = session.scalars(
            select(Calculation)
            .where(Calculation.bom_id == bom.id)
            .order_by(Calculation.computed_at.desc(), Calculation.id)
            .limit(1)
        ).first()
        if latest is None:
            message = f"BOM version {bom.version} has no calculation yet"
            raise ValidationFailed(message, {f"/{field}": [message]})
        chosen.append(latest)
    assessment = store(session, chosen[0], chosen[1])
    session.commit()
    return assessment


def create_unchecked(session: Session, baseline_id: str, alternative_id: str) -> SynergyAssessment:
    """Compare two calculations for the deployer's command line (same organisation required)."""
    baseline = session.get(Calculation, baseline_id)
    alternative = session.get(Calculation, alternative_id)
    if baseline is None or alternative is None:
        raise NotFound(f"no calculation {baseline_id if baseline is None else alternative_id}")
    if baseline.bom.product.org_id != alternative.bom.product.org_id:
        raise ValidationFailed(
            "the calculations belong to different organisations",
            {"/alternative": ["must belong to the baseline's organisation"]},
        )
    assessment = store(session, baseline, alternative)
    session.commit()
    return assessment


def present(assessment: SynergyAssessment) -> dict[str, Any]:
    """Return the assessment as the API and the command line show it."""
    return (
        {
            "id": assessment.id,
            "product_id": assessment.product_id,
            "baseline": assessment.baseline_calculation_id,
            "alternative": assessment.alternative_calculation_id,
        }
        | assessment.result
        | {"created_at": assessment.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")}
    )


def _certified_by(body_org_id: str) -> Any:
    return SynergyAssessment.product_id.in_(
        select(Label.product_id).where(Label.body_org_id == body_org_id)
    )


def get(session: Session, caller: Caller, assessment_id: str) -> SynergyAssessment:
    """Return an assessment the caller may see (its manufacturer, or a body that certified it)."""
    assessment = session.get(SynergyAssessment, assessment_id)
    visible = assessment is not None and (
        (caller.role == Role.MANUFACTURER and assessment.org_id == caller.org_id)
        or caller.role == Role.ADMIN
        or (
            caller.role == Role.DECISION_MAKER
            and session.scalar(
                select(_certified_by(caller.org_id)).where(SynergyAssessment.id == assessment_id)
            )
        )
    )
    if assessment is None or not visible:
        raise NotFound(f"no synergy assessment {assessment_id}")
    return assessment


def for_product(session: Session, caller: Caller, product_id: str) -> list[SynergyAssessment]:
    """Return a product's assessments, newest first (at most PAGE_LIMIT)."""
    require_manufacturer(caller)
    visible_product(session, caller, product_id)
    query = (
        select(SynergyAssessment)
        .where(SynergyAssessment.product_id == product_id)
        .order_by(SynergyAssessment.created_at.desc(), SynergyAssessment.id)
        .limit(PAGE_LIMIT)
    )
    return list(session.scalars(query))


def for_authority(
    session: Session, caller: Caller, classification: str | None, offset: int = 0
) -> list[SynergyAssessment]:
    """Return the assessments of products a body certified (every one for an admin)."""
    if caller.role not in (Role.DECISION_MAKER, Role.ADMIN):
        raise Forbidden("only a decision maker or an admin may list synergy assessments")
    if classification is not None and classification not in CLASSIFICATIONS:
        raise ValidationFailed(
            "unknown classification",
            {"/query/classification": [f"must be one of {', '.join(CLASSIFICATIONS)}"]},
        )
    query = select(SynergyAssessment).order_by(
        SynergyAssessment.created_at.desc(), SynergyAssessment.id
    )
    if caller.role == Role.DECISION_MAKER:
        query = query.where(_certified_by(caller.org_id))
    if classification is not None:
        query = query.where(SynergyAssessment.classifications.contains(f" {classification} "))
    return list(session.scalars(query.offset(max(offset, 0)).limit(PAGE_LIMIT)))


def as_csv(assessments: list[SynergyAssessment]) -> str:
    """Return assessments as CSV rows: one per assessment, each pollutant's figures in columns."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["assessment", "product_sku", "baseline", "alternative", "co2e_reduction"]
    for key in POLLUTANTS:
        header += [f"{key}_reduction", f"{key}_elasticity", f"{key}_classification"]
    writer.writerow([*header, "ape_reduction", "synergy_coefficient"])
    for a in assessments:
        body = a.result
        row = [a.id, a.product.sku, a.baseline_calculation_id, a.alternative_calculation_id]
        row.append(body["co2e"]["reduction"] or "")
        for key in POLLUTANTS:
            p = body["pollutants"][key]
            row += [p["reduction"] or "", p["elasticity"] or "", p["classification"] or ""]
        ape = body["air_pollutant_equivalent"]
        writer.writerow([*row, ape["reduction"] or "", ape["synergy_coefficient"] or ""])
    return out.getvalue()


def since_previous_label(session: Session, calculation: Calculation) -> dict[str, Any] | None:
    """Assess a newly certified calculation against the product's last certified one, if any.

    The caller (label issuance) commits. Returns the summary a label states, or None when the
    product has no earlier label, or when the two cannot be compared (another declared unit).
    """
    previous = session.scalars(
        select(Label)
        .where(
            Label.product_id == calculation.bom.product_id,
            Label.status != "revoked",
            Label.calculation_id != calculation.id,
        )
        .order_by(Label.created_at.desc(), Label.id.desc())
        .limit(1)
    ).first()
    if previous is None:
        return None
    before = session.get(Calculation, previous.calculation_id)
    if before is None:
        return None
    try:
        assessment = store(session, before, calculation)
    except ValidationFailed:
        return None
    body = assessment.result
    # A signed credential states facts only: unknown values are left out, never null.
    summary: dict[str, Any] = {"previousLabelId": previous.id}
    if body["co2e"]["reduction"] is not None:
        summary["co2eReduction"] = body["co2e"]["reduction"]
    summary["pollutantChanges"] = {
        key: {
            name: body["pollutants"][key][name]
            for name in ("reduction", "classification")
            if body["pollutants"][key][name] is not None
        }
        for key in POLLUTANTS
    }
    return summary
