"""The task functions, one per job kind: each loops over its use case's resumable steps.

Each step opens its own session and commits its own progress, so a worker that dies loses at
most one step, and a retried job carries on from the last recorded one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from service.services.library import import_jobs, rescore
from service.services.operations import bulk_jobs
from service.state import AppState

# (state, job id, part, held) -> steps taken; a part > 0 exists only for jobs started in
# parts; held() turns false when the part must stop (lease lost, job cancelled).
Held = Callable[[], bool]
Task = Callable[[AppState, str, int, Held], int]
JOBS_FOLDER = "jobs"
IMPORT_REPORTS_FOLDER = "import_reports"


def _until_done(state: AppState, held: Held, step: Callable[[Session], bool]) -> int:
    steps, finished = 0, False
    while not finished and held():
        with state.session_factory() as session:
            finished = step(session)
        steps += 1
    return steps


def rescore_task(state: AppState, job_id: str, part: int, held: Held) -> int:
    """Re-score the job's part of the current BOMs (then help with the other parts)."""
    return _until_done(state, held, lambda s: rescore.rescore_step(s, state.runtime, job_id, part))


def bom_import_task(state: AppState, job_id: str, _part: int, held: Held) -> int:
    """Import the job's BOM files one by one."""
    return _until_done(state, held, lambda s: bulk_jobs.bom_import_step(s, state.runtime, job_id))


def certificates_task(state: AppState, job_id: str, _part: int, held: Held) -> int:
    """Render the job's PDF certificates under the instance folder."""
    folder = state.settings.instance_dir / JOBS_FOLDER
    return _until_done(
        state, held, lambda s: bulk_jobs.certificates_step(s, state.issuer, folder, job_id)
    )


def library_import_task(state: AppState, job_id: str, _part: int, held: Held) -> int:
    """Import a unit-process database as a library version (progress: the import's steps)."""
    folder = state.settings.instance_dir / IMPORT_REPORTS_FOLDER
    return _until_done(
        state, held, lambda s: import_jobs.import_step(s, state.runtime, job_id, folder)
    )


TASKS: dict[str, Task] = {
    "rescore": rescore_task,
    "bom_import": bom_import_task,
    "certificates": certificates_task,
    "library_import": library_import_task,
}
