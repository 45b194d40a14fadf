"""The Celery worker's entry point: `celery -A service.jobs.celery_app worker`.

Reads the same environment as the web service. The task receives only a job id, builds the
Flask app once per worker process (on its first task, after the fork) and runs the job with
the same task functions the in-process backend uses.
"""

from __future__ import annotations

import os
import threading

from celery.signals import worker_init
from flask import Flask
from prometheus_client import CollectorRegistry, multiprocess, start_http_server

from service.jobs.celery_config import make_celery
from service.jobs.dispatch import TASK_NAME
from service.jobs.runner import run_job
from service.observability.metrics import multiprocess_dir
from service.settings import Settings
from service.state import AppState

celery_app = make_celery(Settings.from_env())
# Job metrics of the worker's processes, for Prometheus to scrape: the worker has no web
# endpoint, so it serves /metrics itself on WORKER_METRICS_PORT (unset: no server).
METRICS_PORT_VARIABLE = "WORKER_METRICS_PORT"
_app: Flask | None = None
_lock = threading.Lock()


def flask_app() -> Flask:
    """Return this worker process's app, building it on first use."""
    global _app
    with _lock:
        if _app is None:
            from service import create_app

            _app = create_app()
        return _app


@celery_app.task(name=TASK_NAME, acks_late=True, reject_on_worker_lost=True)  # type: ignore[untyped-decorator]
def run_job_task(job_id: str, part: int = 0) -> str | None:
    """Run (or resume) one part of a job."""
    state: AppState = flask_app().extensions["gba"]
    return run_job(state, job_id, part)


@worker_init.connect  # type: ignore[untyped-decorator]
def _serve_metrics(**_kwargs: object) -> None:
    """Serve the worker's job metrics when WORKER_METRICS_PORT is set (multiprocess-aware)."""
    port = os.environ.get(METRICS_PORT_VARIABLE)
    if not port:
        return
    registry = CollectorRegistry()
    if multiprocess_dir():
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        start_http_server(int(port), registry=registry)
    else:
        start_http_server(int(port))
