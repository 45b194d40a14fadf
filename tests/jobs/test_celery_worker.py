"""Re-scoring on real Celery workers over the local Redis, including a worker killed mid-job."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from service.persistence.jobs import Job, RescoreResult
from service.persistence.models import BomVersion
from tests.jobs.conftest import worker_environment
from tests.service.helpers import activity_line, bom_doc

ROOT = Path(__file__).resolve().parents[2]
BOMS = 240
WORKER_ARGS = ["worker", "--concurrency=1", "--pool=prefork", "--loglevel=INFO"]
WORKER_ARGS += ["--without-gossip", "--without-mingle", "--without-heartbeat"]


@pytest.fixture()
def start_worker(jobs_settings, redis_db, tmp_path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start worker processes (each in its own process group); kill them all afterwards."""
    started: list[subprocess.Popen] = []
    logs: list[Any] = []

    def start(slow: bool = False) -> subprocess.Popen:
        if slow:
            command = [sys.executable, str(ROOT / "tests" / "jobs" / "slow_worker.py")]
        else:
            command = [sys.executable, "-m", "celery", "-A", "service.jobs.celery_app"]
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        logs.append(log)
        process = subprocess.Popen(  # noqa: S603  (our own fixed command line)
            command + WORKER_ARGS,
            cwd=ROOT,
            env=worker_environment(jobs_settings) | {"GBA_TEST_SECONDS_PER_BOM": "0.03"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        kill(process)
    for log in logs:
        log.close()


def kill(process: subprocess.Popen) -> None:
    """SIGKILL a worker and its pool children, as a crashed machine would."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(check: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture(scope="module")
def amounts(jobs_app, users) -> dict[str, Decimal]:
    """BOMS products of one grid-electricity line each; BOM id -> kWh."""
    client = jobs_app.test_client()
    headers = {"Authorization": users["manufacturer"]["Authorization"]}
    found = {}
    for i in range(1, BOMS + 1):
        product = client.post(
            "/api/v1/products",
            headers=headers,
            json={
                "sku": f"W-{i}",
                "names": {"en": "w"},
                "declared_unit": {"amount": "1", "unit": "piece"},
            },
        ).json["id"]
        amount = f"{i}.5"
        bom = client.post(
            f"/api/v1/products/{product}/boms",
            headers=headers,
            json=bom_doc(activity_line(amount=amount)),
        )
        assert bom.status_code == 201, bom.json
        found[bom.json["id"]] = Decimal(amount)
    return found


def _job(app, job_id: str) -> Job:
    with app.extensions["gba"].session_factory() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def _check_results(app, job_id: str, amounts: dict[str, Decimal], factor: float) -> None:
    with app.extensions["gba"].session_factory() as session:
        rows = session.scalars(select(RescoreResult).where(RescoreResult.job_id == job_id)).all()
        boms = session.scalar(select(func.count()).select_from(BomVersion))
    assert boms == len(amounts) == BOMS
    assert len(rows) == len({row.bom_id for row in rows}) == BOMS  # one row per BOM
    for row in rows:
        assert row.error is None
        expected = float(amounts[row.bom_id]) * factor
        assert float(row.new_kg_co2e) == pytest.approx(expected, rel=1e-5)  # 6 significant digits


def _rescore(app, users, version: str, chunk: int) -> str:
    response = app.test_client().post(
        f"/api/v1/library-versions/{version}/rescore",
        headers={"Authorization": users["admin"]["Authorization"]},
        json={"chunk": chunk},
    )
    assert response.status_code == 202, response.json
    return str(response.json["id"])


def _versions(app) -> tuple[str, str]:
    from service.services.library import versions as library_versions

    with app.extensions["gba"].session_factory() as session:
        rows = library_versions.list_versions(session)
    current = next(row.version for row in rows if row.is_current)
    shipped = app.extensions["gba"].runtime.library.version
    return shipped, current


def _parts_done(log: Path, job_id: str) -> dict[int, int]:
    """Return {part: steps} of the parts of a job a worker's log says it finished."""
    pattern = rf"job {job_id} \(rescore\) part (\d+): done after (\d+) steps"
    found = re.findall(pattern, log.read_text())
    return {int(part): int(steps) for part, steps in found}


def test_two_workers_share_a_job_in_parts(jobs_app, users, amounts, start_worker, tmp_path):
    _, raised = _versions(jobs_app)
    workers = [start_worker(slow=True), start_worker(slow=True)]  # 0.03 s per BOM each
    for i in range(len(workers)):
        log = tmp_path / f"worker-{i}.log"
        wait_for(lambda log=log: "ready." in log.read_text(), 60, f"worker {i} to be ready")
    job_id = _rescore(jobs_app, users, raised, chunk=10)
    job = wait_for(
        lambda: (j := _job(jobs_app, job_id)).state in ("succeeded", "failed") and j,
        90,
        "the re-scoring job",
    )
    assert job.state == "succeeded", job.error
    assert job.params["parts"] == 2 and len(job.params["bounds"]) == 1
    assert job.done == job.total == BOMS
    _check_results(jobs_app, job_id, amounts, 0.7446)
    # Each worker took one part (a worker holds one unacknowledged message at a time) and
    # recorded chunks of it: steps beyond the last one, which found nothing left.
    wait_for(
        lambda: all(_parts_done(tmp_path / f"worker-{i}.log", job_id) for i in range(2)),
        30,
        "both workers to log their part",
    )
    done = [_parts_done(tmp_path / f"worker-{i}.log", job_id) for i in range(2)]
    assert sorted(part for parts in done for part in parts) == [0, 1], done
    assert all(steps > 1 for parts in done for steps in parts.values()), done


def test_a_job_survives_its_worker_being_killed(jobs_app, users, amounts, start_worker):
    shipped, _ = _versions(jobs_app)
    first = start_worker(slow=True)
    job_id = _rescore(jobs_app, users, shipped, chunk=20)
    wait_for(lambda: _job(jobs_app, job_id).done > 0, 90, "the first committed chunk")
    kill(first)
    killed = _job(jobs_app, job_id)
    assert killed.state == "running" and 0 < killed.done < BOMS, (killed.state, killed.done)

    start_worker()
    job = wait_for(
        lambda: (j := _job(jobs_app, job_id)).state in ("succeeded", "failed") and j,
        90,
        "the re-delivered job",
    )
    assert job.state == "succeeded", job.error
    assert job.done == job.total == BOMS
    _check_results(jobs_app, job_id, amounts, 0.6205)
