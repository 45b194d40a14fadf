"""A database import as a job (in-process or Celery) with progress, and its stored report files.

The job runs the same use case as `lca library import`; its progress is the import's steps
(read, link, write, score table). A failed import fails the job with the file and the problem
named, and leaves nothing registered.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from lca_models.imports import IMPORT_STEPS, ImportReport, cutoffs_csv
from service.errors import Conflict, NotFound
from service.persistence.jobs import Job, LibraryVersion
from service.services.context import LcaRuntime
from service.services.library import imports
from service.services.operations import jobs

KIND = "library_import"


def store_report(folder: Path, version: str, report: ImportReport) -> Path:
    """Write the report (text, JSON) and its cut-off CSV under folder/VERSION/; return it."""
    target = folder / version.replace("/", "_")
    target.mkdir(parents=True, exist_ok=True)
    (target / "report.txt").write_text(report.text() + "\n", encoding="utf-8")
    summary = json.dumps(report.summary(), indent=1, sort_keys=True)
    (target / "report.json").write_text(summary, encoding="utf-8")
    rows = [asdict(c) for c in report.cutoffs]
    (target / "cutoffs.csv").write_text(cutoffs_csv(rows), encoding="utf-8")
    return target


def start_import(session: Session, params: dict[str, Any]) -> tuple[Job, bool]:
    """Start (or find: key library-import:VERSION) the job importing a database."""
    imports.check_version_name(params["version"])
    if session.get(LibraryVersion, params["version"]) is not None:
        raise Conflict(f"library version {params['version']} is already recorded")
    key = f"library-import:{params['version']}"
    return jobs.start_job(session, KIND, key, params, None, total=len(IMPORT_STEPS))


def import_step(session: Session, runtime: LcaRuntime, job_id: str, folder: Path) -> bool:
    """Run the job's import (one step: the import records its own progress); True when done."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(f"no job {job_id}")
    params = dict(job.params)

    def progress(done: int, _step: str) -> None:
        current = session.get(Job, job_id)
        if current is not None:
            jobs.record_progress(session, current, done, len(IMPORT_STEPS))
            session.commit()

    row, report = imports.import_library(
        session,
        runtime,
        Path(params["path"]),
        params["format"],
        params["version"],
        make_current=bool(params.get("current")),
        licence_note=params.get("licence_note"),
        restricted=bool(params.get("restricted")),
        on_step=progress,
    )
    store_report(folder, row.version, report)
    result = {
        "version": row.version,
        "processes": report.processes,
        "cutoffs": len(report.cutoffs),
        "coproducts": len(report.coproducts),
        "silently_linked": report.silently_linked,
    }
    jobs.finish(session, job_id, result, done=len(IMPORT_STEPS))
    return True
