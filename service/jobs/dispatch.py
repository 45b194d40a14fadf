"""Handing a started job to whoever runs it: threads here, or a Celery worker."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from service.jobs.runner import run_job
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


def enqueue(app: Flask, job_id: str, parts: int = 1) -> None:
    """Run a job's parts in the background the way the settings say (a message each)."""
    state = _state(app)
    backend = state.settings.jobs_backend
    if backend == "celery":
        from service.jobs.celery_config import producer

        celery = producer(state.settings)
        for part in range(parts):
            celery.send_task(TASK_NAME, args=[job_id, part])
    elif backend == "inline":  # tests: the job runs before the call returns
        for part in range(parts):
            run_job(state, job_id, part)
    else:
        for part in range(parts):
            _pool(app).submit(run_job, state, job_id, part)


def shutdown(app: Flask, wait: bool = True) -> None:
    """Stop the in-process pool (after its running jobs finish, if wait)."""
    pool = app.extensions.pop(_EXTENSION, None)
    if pool is not None:
        pool.shutdown(wait=wait)
