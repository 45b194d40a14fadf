"""A re-scoring job's report: CSV rows and a JSON summary, each body seeing its own labels."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from service.domain.roles import OrgKind
from service.errors import Forbidden, NotFound
from service.persistence.jobs import Job
from service.services.context import Caller
from service.services.library.rescore_results import ReportRow, result_rows, summary
from service.services.operations import jobs

COLUMNS = (
    "product",
    "sku",
    "bom_version",
    "old_kg_co2e",
    "new_kg_co2e",
    "change_percent",
    "label",
    "certified_kg_co2e",
    "change_vs_certified_percent",
    "flagged",
    "error",
)


def _rescore_job(session: Session, caller: Caller, job_id: str) -> tuple[Job, str | None]:
    """Return the job and whose labels' rows the caller sees (None: every row)."""
    job = jobs.visible_job(session, caller, job_id)
    if job.kind != "rescore":
        raise NotFound(f"job {job_id} has no re-scoring report")
    body = caller.org_id if caller.org_kind == OrgKind.CERTIFICATION_BODY else None
    return job, body


def _percent(fraction: str | None) -> str:
    return "" if fraction is None else f"{Decimal(fraction) * 100:.2f}"


def _csv_row(found: ReportRow) -> dict[str, Any]:
    row, names = found.result, found.product_names
    return {
        "product": names.get("en") or next(iter(names.values()), ""),
        "sku": found.sku,
        "bom_version": found.bom_version,
        "old_kg_co2e": row.old_kg_co2e or "",
        "new_kg_co2e": row.new_kg_co2e or "",
        "change_percent": _percent(row.change),
        "label": row.label_id or "",
        "certified_kg_co2e": row.certified_kg_co2e or "",
        "change_vs_certified_percent": _percent(row.label_change),
        "flagged": "yes" if row.flagged else "no",
        "error": row.error or "",
    }


def report_rows(
    session: Session, caller: Caller, job_id: str, flagged_only: bool = False
) -> list[dict[str, Any]]:
    """Return the report's rows the caller may see (only flagged ones, if asked), as text."""
    job, body = _rescore_job(session, caller, job_id)
    return [_csv_row(found) for found in result_rows(session, job.id, body, flagged_only)]


def report_csv(session: Session, caller: Caller, job_id: str) -> str:
    """Return the report as CSV text (header row first)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(report_rows(session, caller, job_id))
    return buffer.getvalue()


def report_summary(session: Session, caller: Caller, job_id: str) -> dict[str, Any]:
    """Return the job's progress and the counts of the rows the caller may see."""
    job, body = _rescore_job(session, caller, job_id)
    return jobs.describe(job) | {"summary": summary(session, job.id, body)}


def library_updates(session: Session, caller: Caller) -> dict[str, Any]:
    """Return, for certifiers and the operator, the re-scoring jobs newest first and the rows
    of their flagged labels (a body's own labels only)."""
    if caller.org_kind == OrgKind.MANUFACTURER:
        raise Forbidden("library updates are for certification bodies and the operator")
    found, flagged = [], []
    for job in jobs.list_jobs(session, "rescore"):
        try:
            found.append(report_summary(session, caller, job.id))
        except NotFound:
            continue
        rows = report_rows(session, caller, job.id, flagged_only=True)
        flagged += [row | {"job": job.id} for row in rows]
    running = any(job["state"] in (jobs.QUEUED, jobs.RUNNING) for job in found)
    return {"jobs": found, "flagged": flagged, "running": running}
