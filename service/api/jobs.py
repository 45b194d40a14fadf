"""Jobs: progress, re-scoring reports, library versions and bulk jobs."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, send_file
from flask.views import MethodView

from service.api.blueprint import Blueprint
from service.api.context import caller, db
from service.api.job_schemas import (
    BomImportJobInSchema,
    CertificatesJobInSchema,
    JobSchema,
    LibraryVersionListSchema,
    RescoreInSchema,
)
from service.api.public_schemas import text_response
from service.jobs import enqueue
from service.jobs.tasks import JOBS_FOLDER
from service.services.library import rescore, rescore_report
from service.services.library import versions as library_versions
from service.services.operations import bulk_jobs, jobs

blp = Blueprint("jobs", __name__, url_prefix="/api/v1", description="Jobs and library versions")


def _started(started: tuple[Any, bool]) -> dict[str, Any]:
    job, _new = started
    if job.state not in jobs.STOPPED:
        # New, or unfinished: the parts no live worker holds (a lost worker's) are sent.
        enqueue(current_app, job.id, jobs.parts(job))
    return jobs.describe(job)


@blp.route("/jobs/<job_id>")
class JobItem(MethodView):
    """A job's kind, state and progress."""

    @blp.response(200, JobSchema)
    def get(self, job_id: str) -> Any:
        """Read a job your organisation started (certifiers also follow re-scoring jobs)."""
        return jobs.describe(jobs.visible_job(db(), caller(), job_id))


@blp.route("/jobs/<job_id>/report")
class RescoreSummary(MethodView):
    """A re-scoring job's summary."""

    @blp.response(200, JobSchema)
    def get(self, job_id: str) -> Any:
        """Progress and counts; a certification body counts only its own labels' rows."""
        return rescore_report.report_summary(db(), caller(), job_id)


@blp.route("/jobs/<job_id>/report.csv")
class RescoreCsv(MethodView):
    """A re-scoring job's report as CSV."""

    @blp.doc(responses={"200": text_response("text/csv", "One row per BOM")})
    def get(self, job_id: str) -> Any:
        """One row per BOM (a certification body sees the rows of its own labels)."""
        text = rescore_report.report_csv(db(), caller(), job_id)
        headers = {"Content-Disposition": f'attachment; filename="rescore-{job_id}.csv"'}
        return Response(text, mimetype="text/csv", headers=headers)


@blp.route("/library-versions")
class LibraryVersions(MethodView):
    """Background library versions."""

    @blp.response(200, LibraryVersionListSchema)
    def get(self) -> Any:
        """List the library versions, newest first (the current one is marked)."""
        caller()
        return {"items": library_versions.list_versions(db())}


@blp.route("/library-versions/<version>/rescore")
class Rescore(MethodView):
    """Re-scoring every current BOM on a library version."""

    @blp.arguments(RescoreInSchema)
    @blp.response(202, JobSchema)
    def post(self, data: dict[str, Any], version: str) -> Any:
        """Start (or find: key rescore:<version>) the re-scoring job (operator admins)."""
        parts = current_app.extensions["gba"].settings.job_parts
        return _started(rescore.start_rescore(db(), caller(), version, data["chunk"], parts))


@blp.route("/jobs/bom-imports")
class BomImports(MethodView):
    """Importing many BOM files at once."""

    @blp.arguments(BomImportJobInSchema)
    @blp.response(202, JobSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Start (or find, by your key) a job importing BOM files for your products."""
        return _started(bulk_jobs.start_bom_import(db(), caller(), data["key"], data["files"]))


@blp.route("/jobs/certificates")
class Certificates(MethodView):
    """Rendering many PDF certificates at once."""

    @blp.arguments(CertificatesJobInSchema)
    @blp.response(202, JobSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Start (or find, by your key) a job rendering your body's labels' certificates."""
        return _started(bulk_jobs.start_certificates(db(), caller(), data["key"], data["labels"]))


@blp.route("/jobs/<job_id>/certificates/<label_id>.pdf")
class JobCertificate(MethodView):
    """One PDF certificate a certificates job rendered."""

    @blp.doc(responses={"200": text_response("application/pdf", "The PDF certificate")})
    def get(self, job_id: str, label_id: str) -> Any:
        """Download it (the job's body's users; files live on the shared instance folder)."""
        state = current_app.extensions["gba"]
        folder = state.settings.instance_dir / JOBS_FOLDER
        path = bulk_jobs.certificate_file(db(), caller(), folder, job_id, label_id)
        return send_file(path, mimetype="application/pdf", download_name=path.name)
