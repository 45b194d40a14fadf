"""The task functions, one per job kind: each loops over its use case's resumable steps.

Each step opens its own session and commits its own progress, so a worker that dies loses at
most one step, and a retried job carries on from the last recorded one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from service.services import bulk_jobs, rescore
from service.state import AppState

Task = Callable[[AppState, str], None]
JOBS_FOLDER = "jobs"


def _until_done(state: AppState, step: Callable[[Session], bool]) -> None:
    finished = False
    while not finished:
        with state.session_factory() as session:
            finished = step(session)


def rescore_task(state: AppState, job_id: str) -> None:
    """Re-score every current BOM on the job's library version."""
    _until_done(state, lambda s: rescore.rescore_step(s, state.runtime, job_id))


def bom_import_task(state: AppState, job_id: str) -> None:
    """Import the job's BOM files one by one."""
    _until_done(state, lambda s: bulk_jobs.bom_import_step(s, state.runtime, job_id))


def certificates_task(state: AppState, job_id: str) -> None:
    """Render the job's PDF certificates under the instance folder."""
    folder = state.settings.instance_dir / JOBS_FOLDER
    _until_done(state, lambda s: bulk_jobs.certificates_step(s, state.issuer, folder, job_id))


TASKS: dict[str, Task] = {
    "rescore": rescore_task,
    "bom_import": bom_import_task,
    "certificates": certificates_task,
}
