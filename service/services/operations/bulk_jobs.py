"""Bulk jobs: importing many BOM files, rendering many labels' PDF certificates.

Both are resumable: a BOM import records the next file's index in the same commit as the BOM
it creates, so a retried job never imports a file twice; certificates are files written
under the instance directory (write then rename), and a retried job skips files that exist.
Nothing large goes into the database: the certificates job records only counts and a folder.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from service.errors import Forbidden, JobNotFound, ServiceError, ValidationFailed
from service.persistence.jobs import Job
from service.services.accounts.auth import caller_by_id
from service.services.context import Caller, IssuerConfig, LcaRuntime
from service.services.footprints.boms import import_bom
from service.services.footprints.products import require_manufacturer, visible_product
from service.services.labels.artefacts import artefact
from service.services.labels.lifecycle import CERTIFIER_ROLES, find_label
from service.services.operations import jobs

MAX_FILES = 500


def start_bom_import(
    session: Session, caller: Caller, key: str, files: list[dict[str, Any]]
) -> tuple[Job, bool]:
    """Start (or find, by the caller's key) a job importing BOM files for the caller's products.

    Each file is {"product_id", "filename", "content_base64", "header"} with the header fields
    of a single BOM import.
    """
    require_manufacturer(caller)
    if not files or len(files) > MAX_FILES:
        raise ValidationFailed("bad file list", {"/files": [f"give 1 to {MAX_FILES} files"]})
    for i, item in enumerate(files):
        visible_product(session, caller, item["product_id"])
        try:
            base64.b64decode(item["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                "bad file", {f"/files/{i}/content_base64": ["is not base64"]}
            ) from None
    job_key = f"bom_import:{caller.org_id}:{key}"
    return jobs.start_job(
        session, "bom_import", job_key, {"files": files}, caller.user_id, len(files)
    )


def bom_import_step(session: Session, runtime: LcaRuntime, job_id: str) -> bool:
    """Import the job's next file; return True once every file has been tried."""
    job = session.get(Job, job_id)
    if job is None or job.created_by is None:
        return True
    files = job.params["files"]
    index = job.done
    if index >= len(files):
        outcomes = (job.result or {}).get("items", [])
        jobs.finish(session, job_id, {"items": outcomes, "imported": _imported(outcomes)})
        return True
    caller = caller_by_id(session, job.created_by)
    item = files[index]
    # Counted in the same commit as the BOM, and only if no other run of this job (a worker
    # presumed lost, still finishing its step) counted this file first.
    if not jobs.advance(session, job_id, index, index + 1):
        session.rollback()
        return False
    try:
        bom = import_bom(
            session,
            caller,
            runtime,
            item["product_id"],
            item.get("header", {}),
            item["filename"],
            base64.b64decode(item["content_base64"]),
        )
        outcome: dict[str, Any] = {"index": index, "bom_id": bom.id, "version": bom.version}
    except ServiceError as error:
        session.rollback()
        if not jobs.advance(session, job_id, index, index + 1):
            session.rollback()
            return False
        job = session.get(Job, job_id, populate_existing=True)
        assert job is not None
        outcome = {"index": index, "error": error.message, "errors": error.errors}
    items = [*(job.result or {}).get("items", []), outcome]
    job.result = {"items": items, "imported": _imported(items)}
    session.commit()
    return False


def _imported(items: list[dict[str, Any]]) -> int:
    return sum(1 for item in items if "bom_id" in item)


def start_certificates(
    session: Session, caller: Caller, key: str, label_ids: list[str]
) -> tuple[Job, bool]:
    """Start (or find) a job rendering the PDF certificates of labels of the caller's body."""
    if caller.role not in CERTIFIER_ROLES:
        raise Forbidden("only a certification body's certifiers may do this")
    if not label_ids or len(label_ids) > MAX_FILES:
        raise ValidationFailed("bad label list", {"/labels": [f"give 1 to {MAX_FILES} labels"]})
    canonical = []
    for label_id in label_ids:
        label = find_label(session, label_id)
        if label.body_org_id != caller.org_id:
            raise Forbidden(f"label {label.id} was issued by another body")
        canonical.append(label.id)
    job_key = f"certificates:{caller.org_id}:{key}"
    params = {"labels": canonical}
    return jobs.start_job(session, "certificates", job_key, params, caller.user_id, len(canonical))


def certificate_folder(jobs_dir: Path, job_id: str) -> Path:
    """Return where a certificates job writes its PDF files."""
    return jobs_dir / job_id


def certificate_url(job_id: str, label_id: str) -> str:
    """Return the API path that serves one certificate a job rendered."""
    return f"/api/v1/jobs/{job_id}/certificates/{label_id}.pdf"


def certificate_file(
    session: Session, caller: Caller, jobs_dir: Path, job_id: str, label_id: str
) -> Path:
    """Return the PDF a certificates job the caller may follow rendered for a label."""
    job = jobs.visible_job(session, caller, job_id)
    canonical = label_id.upper()
    if job.kind != "certificates" or canonical not in job.params.get("labels", []):
        raise JobNotFound(f"job {job_id} rendered no certificate of label {label_id}")
    path = certificate_folder(jobs_dir, job.id) / f"{canonical}.pdf"
    if not path.is_file():
        raise JobNotFound(f"the certificate of label {label_id} is not rendered yet")
    return path


def certificates_step(session: Session, config: IssuerConfig, jobs_dir: Path, job_id: str) -> bool:
    """Render the job's next missing certificate; return True once all exist."""
    job = session.get(Job, job_id)
    if job is None:
        return True
    folder = certificate_folder(jobs_dir, job_id)
    folder.mkdir(parents=True, exist_ok=True)
    labels: list[str] = job.params["labels"]
    missing = [label for label in labels if not (folder / f"{label}.pdf").exists()]
    jobs.record_progress(session, job, len(labels) - len(missing), len(labels))
    if not missing:
        # Where the files are is the server's business: the API serves each by label.
        result = {"written": len(labels), "download": certificate_url(job_id, "{label_id}")}
        jobs.finish(session, job_id, result)
        return True
    session.commit()
    pdf = artefact(session, config, missing[0], "certificate.pdf").content
    assert pdf is not None  # no ETag was given
    tmp = folder / f"{missing[0]}.pdf.tmp"
    tmp.write_bytes(pdf)
    tmp.replace(folder / f"{missing[0]}.pdf")
    job = session.get(Job, job_id)
    assert job is not None
    jobs.record_progress(session, job, len(labels) - len(missing) + 1, len(labels))
    session.commit()
    return False
