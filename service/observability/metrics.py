"""Prometheus metrics: request latency, job durations, label verifications.

Under gunicorn each worker is a process: set PROMETHEUS_MULTIPROC_DIR (an empty directory,
cleared before start) and prometheus_client writes every worker's values there; /metrics then
aggregates them (deploy/gunicorn.conf.py removes dead workers' files in child_exit).
Jobs import `from service.observability.metrics import observe_job`: this module imports
nothing of the service, so service.jobs stays independent of service.api.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

VERIFICATION_ENDPOINT = "public.Verifications"
# The label statuses a verification reports (certificates.verify), and what else may happen.
VERIFICATION_STATUSES = frozenset({"valid", "expired", "revoked", "suspended", "unknown"})
JOB_OUTCOMES = frozenset({"succeeded", "failed", "retried", "cancelled"})

REQUEST_DURATION = Histogram(
    "gba_http_request_duration_seconds",
    "Time to answer an HTTP request, by endpoint and status.",
    ["endpoint", "status"],
)
JOB_DURATION = Histogram(
    "gba_job_duration_seconds",
    "Time a background job ran, by kind and outcome.",
    ["kind", "outcome"],
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, float("inf")),
)
LABEL_VERIFICATIONS = Counter(
    "gba_label_verifications",
    "Label credentials submitted to POST /api/v1/verifications, by result and label status.",
    ["result", "status"],
)

VERIFICATION_ANSWERS = Counter(
    "gba_verification_answers",
    "Verification answers while the answer cache is in use: served from it, or computed.",
    ["source"],
)


def multiprocess_dir() -> str | None:
    """Return PROMETHEUS_MULTIPROC_DIR (read by prometheus_client itself), or None."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def observe_request(endpoint: str, status: int, seconds: float) -> None:
    """Record one answered HTTP request."""
    REQUEST_DURATION.labels(endpoint=endpoint, status=str(status)).observe(seconds)


def observe_job(kind: str, outcome: str, seconds: float) -> None:
    """Record one finished job: outcome is succeeded, failed, retried or cancelled."""
    if outcome not in JOB_OUTCOMES:
        raise ValueError(f"job outcome must be one of {sorted(JOB_OUTCOMES)}, not {outcome!r}")
    JOB_DURATION.labels(kind=kind, outcome=outcome).observe(seconds)


def count_verification(http_status: int, body: Any) -> None:
    """Count one answer of the verification endpoint (refused input counts as "invalid")."""
    if http_status != 200 or not isinstance(body, dict):
        result, status = "unverified", "invalid" if http_status == 422 else "error"
    else:
        result = "verified" if body.get("verified") is True else "unverified"
        reported = body.get("status")
        status = reported if reported in VERIFICATION_STATUSES else "other"
    LABEL_VERIFICATIONS.labels(result=result, status=status).inc()


def count_answer(cached: bool) -> None:
    """Count one verification answer by where it came from (the answer cache or not)."""
    VERIFICATION_ANSWERS.labels(source="cache" if cached else "computed").inc()


def exposition() -> tuple[bytes, str]:
    """Return the text exposition of every metric (of every worker in multiprocess mode)."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
