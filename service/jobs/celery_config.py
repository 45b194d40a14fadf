"""Celery's configuration from the service's Settings: Redis as broker and result backend.

A job must survive its worker: acks_late with task_reject_on_worker_lost and a prefetch of
one mean a message is acknowledged only after its task returns, so a worker killed mid-job
leaves it unacknowledged and Redis hands it to the next worker once the visibility timeout
has passed (JOBS_VISIBILITY_TIMEOUT). The task functions resume from what they recorded.
"""

from __future__ import annotations

import threading

from celery import Celery

from service.settings import Settings

_producers: dict[tuple[str, int], Celery] = {}
_lock = threading.Lock()


def make_celery(settings: Settings) -> Celery:
    """Return a Celery app configured for the service's jobs."""
    timeout = settings.jobs_visibility_timeout
    app = Celery("gba")
    app.conf.update(
        broker_url=settings.redis_url,
        result_backend=settings.redis_url,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        result_expires=24 * 3600,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": timeout,
            # Look for messages of lost workers often enough for the timeout to matter.
            "unacked_restore_interval": max(1, min(10, timeout // 3)),
            "unacked_restore_throttle": 1,
        },
        worker_hijack_root_logger=False,
        # Our handler writes to the real stderr: redirected to Celery's logger, every line
        # would come back a second time as a WARNING carrying the first as text.
        worker_redirect_stdouts=False,
    )
    return app


def producer(settings: Settings) -> Celery:
    """Return the (cached) Celery app a web process sends jobs with."""
    key = (settings.redis_url, settings.jobs_visibility_timeout)
    with _lock:
        if key not in _producers:
            _producers[key] = make_celery(settings)
        return _producers[key]
