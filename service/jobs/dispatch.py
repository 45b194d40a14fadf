"""Handing a started job's parts to whoever runs them: threads here, or Celery workers."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from service.jobs.runner import run_job
from service.services.context import utc_now
from service.services.operations import leases
from service.state import AppState

IN_PROCESS_THREADS = 2
TASK_NAME = "gba.run_job"
_EXTENSION = "gba_jobs"
_lock = threading.Lock()


def _state(app: Flask) -> AppState:
    state: AppState = app.extensions["gba"]
    return state


def _pool(app: Flask) -> ThreadPoolExecutor:
    with _lock:
        pool = app.extensions.get(_EXTENSION)
        if pool is None:
            pool = ThreadPoolExecutor(IN_PROCESS_THREADS, thread_name_prefix="gba-job")
            app.extensions[_EXTENSION] = pool
        return pool


def send_parts(state: AppState, job_id: str, parts: Iterable[int]) -> None:
    """Send one Celery message per part (the caller has marked them sent)."""
    from service.jobs.celery_config import producer

    celery = producer(state.settings)
    for part in parts:
        celery.send_task(TASK_NAME, args=[job_id, part])


def enqueue(app: Flask, job_id: str, parts: int = 1, unclaimed_too: bool = False) -> list[int]:
    """Run a job's parts in the background the way the settings say (a message each).

    Only parts that no live worker holds are sent (leases.mark_sent): starting an
    unfinished job's key again sends what a lost worker left, and nothing twice. Returns the
    parts sent.
    """
    state = _state(app)
    backend = state.settings.jobs_backend
    with state.session_factory() as session:
        timeout = state.settings.jobs_visibility_timeout
        sent = leases.mark_sent(session, job_id, range(parts), timeout, utc_now(), unclaimed_too)
    if backend == "inline":  # tests: the job runs before the call returns
        for part in sent:
            run_job(state, job_id, part)
    elif backend == "celery":
        send_parts(state, job_id, sent)
    else:
        for part in sent:
            _pool(app).submit(run_job, state, job_id, part)
    return sent


def shutdown(app: Flask, wait: bool = True) -> None:
    """Stop the in-process pool (after its running jobs finish, if wait)."""
    pool = app.extensions.pop(_EXTENSION, None)
    if pool is not None:
        pool.shutdown(wait=wait)
