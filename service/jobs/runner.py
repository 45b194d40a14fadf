"""Running one job part to its end: claim it, hold its lease, run its kind's task function,
record the outcome."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable

from service.jobs.heartbeat import Heartbeat
from service.jobs.tasks import TASKS
from service.observability.metrics import observe_job
from service.services.context import utc_now
from service.services.operations import jobs, leases
from service.state import AppState

log = logging.getLogger(__name__)
STOPPED = "stopped"


def _holder() -> str:
    """Name this run of a part: host, process and a random suffix (at most 64 characters)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _finished(state: AppState, job_id: str) -> bool:
    """Tell whether the job succeeded (a part that helpers finished is done, not stopped)."""
    with state.session_factory() as session:
        return jobs.get_job(session, job_id).state == jobs.SUCCEEDED


def _always() -> bool:
    return True


def run_job(state: AppState, job_id: str, part: int = 0) -> str | None:
    """Run (or resume) a job's part; return the outcome, or None if nothing was left to do.

    Safe to call twice for the same job and part, also concurrently: a part a live worker
    holds (its lease renewed by its heartbeat) is left to it, and the task functions skip work
    already recorded. An unexpected error marks the job failed; starting its key again queues
    it again and it resumes where it stopped.
    """
    holder = _holder()
    with state.session_factory() as session:
        job = jobs.claim(session, job_id)
        if job is None:
            return None
        kind = job.kind
        seconds = state.settings.jobs_lease_seconds
        if not leases.take(session, job_id, part, holder, seconds, utc_now()):
            log.info("job %s (%s) part %d: a live worker holds it", job_id, kind, part)
            return None
    # Tests' inline jobs share the test's one connection: no second thread may use it.
    heartbeat = None
    held: Callable[[], bool] = _always
    if state.settings.jobs_backend != "inline":
        heartbeat = Heartbeat(state, job_id, part, holder).start()
        held = heartbeat.held
    started = time.monotonic()
    try:
        steps = TASKS[kind](state, job_id, part, held)
    except Exception as error:
        log.exception("job %s (%s) part %d failed", job_id, kind, part)
        with state.session_factory() as session:
            jobs.fail(session, job_id, f"{type(error).__name__}: {error}")
        observe_job(kind, jobs.FAILED, time.monotonic() - started)
        return jobs.FAILED
    finally:
        if heartbeat is not None:
            heartbeat.stop()
        with state.session_factory() as session:
            leases.release(session, job_id, part, holder)
    seconds_taken = time.monotonic() - started
    if not held() and not _finished(state, job_id):
        log.info("job %s (%s) part %d: stopped after %d steps", job_id, kind, part, steps)
        return STOPPED
    observe_job(kind, jobs.SUCCEEDED, seconds_taken)
    log.info(
        "job %s (%s) part %d: done after %d steps, %.2f s", job_id, kind, part, steps, seconds_taken
    )
    return jobs.SUCCEEDED
