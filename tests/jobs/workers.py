"""Helpers of the tests that run real Celery workers: killing, waiting, reading the results."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from service.persistence.jobs import Job, RescoreResult
from service.persistence.models import BomVersion

ROOT = Path(__file__).resolve().parents[2]
BOMS = 240


def worker_args(concurrency: int) -> list[str]:
    """A worker's command-line arguments (prefork, as deploy/run-worker.sh starts it)."""
    return [
        "--quiet",  # no banner: the log is JSON lines only
        "worker",
        f"--concurrency={concurrency}",
        "--pool=prefork",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL a worker and its pool children, as a crashed machine would."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(check: Callable[[], Any], seconds: float, what: str) -> Any:
    """Return check()'s first true value, failing the test after seconds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


def job_row(app: Flask, job_id: str) -> Job:
    """Read a job afresh."""
    with app.extensions["gba"].session_factory() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def finished(app: Flask, job_id: str) -> Job | None:
    """Return the job once it has succeeded or failed."""
    job = job_row(app, job_id)
    return job if job.state in ("succeeded", "failed") else None


def check_results(app: Flask, job_id: str, amounts: dict[str, Decimal], factor: float) -> None:
    """Exactly one correct result per BOM."""
    with app.extensions["gba"].session_factory() as session:
        rows = session.scalars(select(RescoreResult).where(RescoreResult.job_id == job_id)).all()
        boms = session.scalar(select(func.count()).select_from(BomVersion))
    assert boms == len(amounts) == BOMS
    assert len(rows) == len({row.bom_id for row in rows}) == BOMS  # one row per BOM
    for row in rows:
        assert row.error is None
        expected = float(amounts[row.bom_id]) * factor
        assert float(row.new_kg_co2e) == pytest.approx(expected, rel=1e-5)  # 6 significant digits


def rescore(app: Flask, users: dict[str, dict[str, str]], version: str, chunk: int) -> str:
    """Start a re-scoring job through the API; return its id."""
    response = app.test_client().post(
        f"/api/v1/library-versions/{version}/rescore",
        headers={"Authorization": users["admin"]["Authorization"]},
        json={"chunk": chunk},
    )
    assert response.status_code == 202, response.json
    return str(response.json["id"])


def versions(app: Flask) -> tuple[str, str]:
    """Return the shipped and the current library versions."""
    from service.services.library import versions as library_versions

    with app.extensions["gba"].session_factory() as session:
        rows = library_versions.list_versions(session)
    current = next(row.version for row in rows if row.is_current)
    shipped: str = app.extensions["gba"].runtime.library.version
    return shipped, current


def parts_done(log: Path, job_id: str) -> dict[int, int]:
    """Return {part: steps} of the parts of a job a worker's log says it finished."""
    pattern = rf"job {job_id} \(rescore\) part (\d+): done after (\d+) steps"
    found = re.findall(pattern, log.read_text())
    return {int(part): int(steps) for part, steps in found}


def json_lines(log: Path) -> list[dict[str, Any]]:
    """Return a worker's log lines, checking each is one JSON object in UTC.

    (Python's warnings, e.g. Celery's about running as root in a container, are not log
    lines and are skipped.)
    """
    found = []
    for line in log.read_text().splitlines():
        if not line.startswith("{"):
            assert '"level"' not in line and "gba.run_job" not in line, line
            continue
        record = json.loads(line)
        assert record["timestamp"].endswith("Z"), record
        found.append(record)
    return found
