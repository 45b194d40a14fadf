"""Read models of the web portals: what one page shows, gathered by one use case each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service.domain.roles import OrgKind, Role
from service.persistence.certification import Application, Evidence
from service.persistence.labels import Label
from service.persistence.models import BomVersion, Calculation, Organisation
from service.services.certification.review_sheet import calculation_flags, review_sheet
from service.services.context import Caller, LcaRuntime
from service.services.footprints import synergy
from service.services.footprints.boms import get_bom, list_boms
from service.services.footprints.calculations import get_calculation, list_calculations
from service.services.footprints.products import get_product
from service.services.labels.status_history import history, product_labels


def certification_bodies(session: Session) -> list[Organisation]:
    """Return every certification body a manufacturer may apply to, by name."""
    query = (
        select(Organisation)
        .where(Organisation.kind == OrgKind.CERTIFICATION_BODY.value)
        .order_by(Organisation.name, Organisation.id)
    )
    return list(session.scalars(query))


def _latest_calculations(session: Session, bom_ids: list[str]) -> dict[str, Calculation]:
    """Return the newest calculation of each BOM that has one."""
    if not bom_ids:
        return {}
    query = (
        select(Calculation)
        .where(Calculation.bom_id.in_(bom_ids))
        .order_by(Calculation.computed_at.desc(), Calculation.id)
    )
    latest: dict[str, Calculation] = {}
    for calculation in session.scalars(query):
        latest.setdefault(calculation.bom_id, calculation)
    return latest


def product_page(session: Session, caller: Caller, product_id: str) -> dict[str, Any]:
    """Return a product with its BOM versions (newest first) and their latest calculations."""
    product = get_product(session, caller, product_id)
    boms = list_boms(session, caller, product_id)
    return {
        "product": product,
        "boms": list(reversed(boms)),
        "latest": _latest_calculations(session, [bom.id for bom in boms]),
        "assessments": synergy.for_product(session, caller, product_id),
        "product_labels": product_labels(session, caller, product_id),
    }


def calculation_page(
    session: Session, caller: Caller, runtime: LcaRuntime, calculation_id: str
) -> dict[str, Any]:
    """Return a calculation with the flags a reviewer would raise, before any application."""
    calculation = get_calculation(session, caller, calculation_id)
    flags = calculation_flags(session, runtime, calculation)
    session.commit()
    # Each line's dataset, to name it in the page's language (None if the version lacks it).
    datasets = {
        line["activity"]: runtime.dataset(line["activity"], calculation.library_version)
        for line in calculation.result["by_line"]
        if "activity" in line
    }
    return {
        "calculation": calculation,
        "result": calculation.result,
        "flags": flags,
        "datasets": datasets,
    }


def bom_page(session: Session, caller: Caller, bom_id: str) -> dict[str, Any]:
    """Return a BOM version, its calculations, and the bodies it may be sent to."""
    bom = get_bom(session, caller, bom_id)
    return {
        "bom": bom,
        "calculations": list_calculations(session, caller, bom_id),
        "bodies": certification_bodies(session),
    }


def application_page(
    session: Session, caller: Caller, runtime: LcaRuntime, application_id: str
) -> dict[str, Any]:
    """Return the review sheet, plus the BOM versions the applicant may revise with."""
    sheet = review_sheet(session, caller, runtime, application_id)
    application = sheet["application"]
    candidates: list[BomVersion] = []
    if caller.role == Role.MANUFACTURER and caller.org_id == application.manufacturer_org_id:
        newer = (
            select(BomVersion)
            .where(
                BomVersion.product_id == application.product_id,
                BomVersion.version > application.bom.version,
            )
            .order_by(BomVersion.version.desc())
        )
        versions = list(session.scalars(newer))
        calculated = _latest_calculations(session, [bom.id for bom in versions])
        candidates = [bom for bom in versions if bom.id in calculated]
    label_id = session.scalar(select(Label.id).where(Label.application_id == application.id))
    label_events = history(session, label_id) if label_id else []
    return sheet | {
        "revision_candidates": candidates,
        "evidence": application_evidence(session, application, sheet["lines"]),
        "label_id": label_id,
        "history": label_events,
    }


def application_evidence(
    session: Session, application: Application, lines: list[dict[str, Any]]
) -> list[Evidence]:
    """Return the manufacturer's evidence sent with the application or cited by its lines.

    Whoever may see the application may see these (the rule of evidence.visible_evidence);
    the files' contents stay unloaded.
    """
    cited = sorted({ref for line in lines for ref in line.get("evidence") or []})
    query = (
        select(Evidence)
        .where(
            Evidence.org_id == application.manufacturer_org_id,
            or_(Evidence.application_id == application.id, Evidence.id.in_(cited)),
        )
        .order_by(Evidence.created_at, Evidence.id)
    )
    return list(session.scalars(query))
