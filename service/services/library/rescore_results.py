"""Reading a re-scoring job's results: counts by SQL aggregates, report rows by columns.

Neither loads a BOM document: a job over every current BOM holds one row per BOM, and the
certification bodies' pages read its summary on every visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from service.persistence.jobs import Job, RescoreResult
from service.persistence.labels import Label
from service.persistence.models import BomVersion, Product


@dataclass(frozen=True)
class ReportRow:
    """One BOM's line of a re-scoring report."""

    result: RescoreResult
    product_names: dict[str, str]
    sku: str
    bom_version: int


def _of_body(query: Any, body_org_id: str | None) -> Any:
    """Restrict rows to the labels of one certification body (None: every row)."""
    if body_org_id is None:
        return query
    return query.join(Label, Label.id == RescoreResult.label_id).where(
        Label.body_org_id == body_org_id
    )


def summary(session: Session, job_id: str, body_org_id: str | None) -> dict[str, Any]:
    """Return counts of a re-scoring job's results (of one body's labels, if given)."""
    changed = and_(RescoreResult.change.is_not(None), RescoreResult.change != "0")
    counts = session.execute(
        _of_body(
            select(
                func.count(),
                func.count(RescoreResult.error),
                func.coalesce(func.sum(case((changed, 1), else_=0)), 0),
                func.count(RescoreResult.label_id),
            ).where(RescoreResult.job_id == job_id),
            body_org_id,
        )
    ).one()
    flagged = session.scalars(
        _of_body(
            select(RescoreResult.label_id).where(
                RescoreResult.job_id == job_id, RescoreResult.flagged.is_(True)
            ),
            body_org_id,
        )
    ).all()
    job = session.get(Job, job_id)
    return {
        "version": job.params["version"] if job else None,
        "boms": counts[0],
        "errors": counts[1],
        "changed": int(counts[2]),
        "labels": counts[3],
        "flagged": len(flagged),
        "flagged_labels": sorted(label_id for label_id in flagged if label_id),
    }


def result_rows(
    session: Session, job_id: str, body_org_id: str | None, flagged_only: bool = False
) -> list[ReportRow]:
    """Return a job's result rows in BOM id order, with product names, SKU and BOM version."""
    query = (
        select(RescoreResult, Product.names, Product.sku, BomVersion.version)
        .join(BomVersion, BomVersion.id == RescoreResult.bom_id)
        .join(Product, Product.id == BomVersion.product_id)
        .where(RescoreResult.job_id == job_id)
    )
    if flagged_only:
        query = query.where(RescoreResult.flagged.is_(True))
    found = session.execute(_of_body(query, body_org_id).order_by(RescoreResult.bom_id))
    return [ReportRow(row, names, sku, version) for row, names, sku, version in found]
