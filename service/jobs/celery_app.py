"""The Celery worker's entry point: `celery -A service.jobs.celery_app worker`.

Reads the same environment as the web service. The task receives only a job id, builds the
Flask app once per worker process (on its first task, after the fork) and runs the job with
the same task functions the in-process backend uses.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from celery.signals import (
    setup_logging,
    worker_init,
    worker_process_init,
    worker_process_shutdown,
)
from flask import Flask
from prometheus_client import CollectorRegistry, multiprocess, start_http_server

from service.jobs.celery_config import make_celery
from service.jobs.dispatch import TASK_NAME, send_parts
from service.jobs.runner import run_job
from service.jobs.sweeper import Sweeper
from service.observability.logs import configure_logging
from service.observability.metrics import multiprocess_dir
from service.preflight import settings_or_exit
from service.state import AppState

_settings = settings_or_exit()
celery_app = make_celery(_settings)
# Job metrics of the worker's processes, for Prometheus to scrape: the worker has no web
# endpoint, so it serves /metrics itself on WORKER_METRICS_PORT (unset: no server).
METRICS_PORT_VARIABLE = "WORKER_METRICS_PORT"
METRICS_ADDRESS = "127.0.0.1"
_app: Flask | None = None
_sweeper: Sweeper | None = None
_lock = threading.Lock()


def flask_app() -> Flask:
    """Return this worker process's app, building it on first use."""
    global _app
    with _lock:
        if _app is None:
            from service import create_app

            _app = create_app()
        return _app


def _state() -> AppState:
    state: AppState = flask_app().extensions["gba"]
    return state


def _resend(job_id: str, parts: list[int]) -> None:
    send_parts(_state(), job_id, parts)


def start_sweeper() -> None:
    """Start this process's sweeper of lapsed job leases (once)."""
    global _sweeper
    with _lock:
        if _sweeper is None:
            _sweeper = Sweeper(_state, _resend).start()


@celery_app.task(name=TASK_NAME, acks_late=True, reject_on_worker_lost=True)  # type: ignore[untyped-decorator]
def run_job_task(job_id: str, part: int = 0) -> str | None:
    """Run (or resume) one part of a job."""
    start_sweeper()  # pools without worker processes (solo, threads) start it here
    return run_job(_state(), job_id, part)


@worker_process_init.connect  # type: ignore[untyped-decorator]
def _start_sweeping(**_kwargs: object) -> None:
    """Sweep from each pool process as soon as it starts (after the fork: threads are safe)."""
    start_sweeper()


@setup_logging.connect  # type: ignore[untyped-decorator]
def _log_like_the_web_hosts(**_kwargs: object) -> None:
    """Celery's own lines and the jobs' go through the service's one stderr handler: JSON in
    production (UTC timestamps with their zone, secrets scrubbed), each line once."""
    configure_logging(_settings.log_level, _settings.log_format)


@worker_init.connect  # type: ignore[untyped-decorator]
def _serve_metrics(**_kwargs: object) -> None:
    """Serve the worker's job metrics on localhost:WORKER_METRICS_PORT when it is set.

    Bound to the loopback interface only: the host's agent (or an SSH tunnel) scrapes it, so
    no token is needed. With PROMETHEUS_MULTIPROC_DIR the pool processes' values are summed;
    files a previous run left there are removed first, or they would be counted again.
    """
    port = os.environ.get(METRICS_PORT_VARIABLE)
    if not port:
        return
    directory = multiprocess_dir()
    if directory:
        for stale in Path(directory).glob("*.db"):
            stale.unlink()
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        start_http_server(int(port), addr=METRICS_ADDRESS, registry=registry)
    else:
        start_http_server(int(port), addr=METRICS_ADDRESS)


@worker_process_shutdown.connect  # type: ignore[untyped-decorator]
def _release_metrics(pid: int | None = None, **_kwargs: object) -> None:
    """Let prometheus_client drop an exiting pool process's live gauges."""
    if multiprocess_dir() and pid is not None:
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
