"""A worker host lost mid-job, on the default settings: a new worker finishes the job in a minute.

The worker runs both parts of a re-scoring job (concurrency 2) when its whole process group is
killed, as when its machine is lost. Redis would hand the unacknowledged messages to another
worker only after JOBS_VISIBILITY_TIMEOUT (an hour by default); the parts' leases lapse after
JOBS_LEASE_SECONDS (30 s) instead, and a new worker's sweeper sends them again.
"""

from __future__ import annotations

import dataclasses
import time

import pytest

from service.settings import Settings
from tests.jobs.workers import (
    BOMS,
    check_results,
    finished,
    job_row,
    kill,
    rescore,
    versions,
    wait_for,
)

DEFAULTS = {field.name: field.default for field in dataclasses.fields(Settings)}


@pytest.fixture(scope="module")
def jobs_settings(jobs_settings: Settings) -> Settings:
    """The suite's settings with the default visibility timeout and lease."""
    return dataclasses.replace(
        jobs_settings,
        jobs_visibility_timeout=DEFAULTS["jobs_visibility_timeout"],
        jobs_lease_seconds=DEFAULTS["jobs_lease_seconds"],
    )


def _leases(app, job_id: str) -> list:
    from service.services.operations import leases

    with app.extensions["gba"].session_factory() as session:
        return leases.of_job(session, job_id)


def test_a_new_worker_finishes_a_lost_workers_job_within_a_minute(
    jobs_app, jobs_settings, users, amounts, start_worker, tmp_path
):
    assert jobs_settings.jobs_visibility_timeout == 3600 and jobs_settings.jobs_lease_seconds == 30
    shipped, _ = versions(jobs_app)
    lost = start_worker(slow=True, concurrency=2, seconds_per_bom=0.1)
    job_id = rescore(jobs_app, users, shipped, chunk=5)
    # Both parts in flight: each held by the lost worker, each with a chunk recorded.
    wait_for(
        lambda: (
            sum(1 for lease in _leases(jobs_app, job_id) if lease.holder) == 2
            and job_row(jobs_app, job_id).done >= 10
        ),
        120,
        "both parts running",
    )
    kill(lost)
    killed_at = time.monotonic()
    killed = job_row(jobs_app, job_id)
    assert killed.state == "running" and 0 < killed.done < BOMS, (killed.state, killed.done)

    start_worker()
    job = wait_for(lambda: finished(jobs_app, job_id), 60, "a new worker to finish the job")
    recovery_seconds = time.monotonic() - killed_at
    print(f"job finished {recovery_seconds:.1f} s after its worker was lost")
    assert job.state == "succeeded", job.error
    assert job.done == job.total == BOMS
    check_results(jobs_app, job_id, amounts, 0.6205)
    log = (tmp_path / "worker-1.log").read_text()
    assert f"job {job_id} part 0: its worker's lease lapsed; sent again" in log
    assert f"job {job_id} part 1: its worker's lease lapsed; sent again" in log
    # A part sent again that finds the job done leaves its unclaimed lease: swept away.
    wait_for(lambda: not _leases(jobs_app, job_id), 15, "the finished job's leases to go")
