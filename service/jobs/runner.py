"""Running one job to its end: claim it, run its kind's task function, record the outcome."""

from __future__ import annotations

import logging
import time

from service.jobs.tasks import TASKS
from service.observability.metrics import observe_job
from service.services.operations import jobs
from service.state import AppState

log = logging.getLogger(__name__)


def run_job(state: AppState, job_id: str, part: int = 0) -> str | None:
    """Run (or resume) a job's part; return the outcome, or None if nothing was left to do.

    Safe to call twice for the same job and part, also concurrently: the task functions skip
    work already recorded. An unexpected error marks the job failed; starting its key again
    queues it again and it resumes where it stopped.
    """
    with state.session_factory() as session:
        job = jobs.claim(session, job_id)
        if job is None:
            return None
        kind = job.kind
    started = time.monotonic()
    try:
        steps = TASKS[kind](state, job_id, part)
    except Exception as error:
        log.exception("job %s (%s) part %d failed", job_id, kind, part)
        with state.session_factory() as session:
            jobs.fail(session, job_id, f"{type(error).__name__}: {error}")
        observe_job(kind, jobs.FAILED, time.monotonic() - started)
        return jobs.FAILED
    seconds = time.monotonic() - started
    observe_job(kind, jobs.SUCCEEDED, seconds)
    log.info("job %s (%s) part %d: done after %d steps, %.2f s", job_id, kind, part, steps, seconds)
    return jobs.SUCCEEDED
