"""The certifiers' "library updates" page: re-scoring jobs, their progress, flagged labels."""

from __future__ import annotations

from flask import Response, render_template
from flask.typing import ResponseReturnValue

from service.services.library import rescore_report
from service.web.blueprint import web
from service.web.context import caller, db

REFRESH_SECONDS = 5  # while a job runs, the page reloads itself (a meta refresh, no script)


@web.get("/library-updates")
def library_updates() -> ResponseReturnValue:
    """List re-scoring jobs with a progress bar, and this body's flagged labels."""
    page = rescore_report.library_updates(db(), caller())
    return render_template("web/library_updates.html", refresh=REFRESH_SECONDS, **page)


@web.get("/library-updates/<job_id>/report.csv")
def library_update_report(job_id: str) -> ResponseReturnValue:
    """Download a re-scoring report (a body gets the rows of its own labels)."""
    text = rescore_report.report_csv(db(), caller(), job_id)
    headers = {"Content-Disposition": f'attachment; filename="rescore-{job_id}.csv"'}
    return Response(text, mimetype="text/csv", headers=headers)
