"""Re-scoring on real Celery workers over the local Redis, including a worker killed mid-job."""

from __future__ import annotations

from tests.jobs.workers import (
    BOMS,
    check_results,
    finished,
    job_row,
    json_lines,
    kill,
    parts_done,
    rescore,
    versions,
    wait_for,
)


def test_two_workers_share_a_job_in_parts(jobs_app, users, amounts, start_worker, tmp_path):
    _, raised = versions(jobs_app)
    workers = [start_worker(slow=True), start_worker(slow=True)]  # 0.03 s per BOM each
    for i in range(len(workers)):
        log = tmp_path / f"worker-{i}.log"
        wait_for(lambda log=log: "ready." in log.read_text(), 60, f"worker {i} to be ready")
    job_id = rescore(jobs_app, users, raised, chunk=10)
    job = wait_for(lambda: finished(jobs_app, job_id), 90, "the re-scoring job")
    assert job.state == "succeeded", job.error
    assert job.params["parts"] == 2 and len(job.params["bounds"]) == 1
    assert job.done == job.total == BOMS
    check_results(jobs_app, job_id, amounts, 0.7446)
    # Each worker took one part (a worker holds one unacknowledged message at a time) and
    # recorded chunks of it: steps beyond the last one, which found nothing left.
    wait_for(
        lambda: all(parts_done(tmp_path / f"worker-{i}.log", job_id) for i in range(2)),
        30,
        "both workers to log their part",
    )
    done = [parts_done(tmp_path / f"worker-{i}.log", job_id) for i in range(2)]
    assert sorted(part for parts in done for part in parts) == [0, 1], done
    assert all(steps > 1 for parts in done for steps in parts.values()), done
    # The workers log JSON lines, Celery's own and the jobs' alike, each line once.
    for i in range(2):
        records = json_lines(tmp_path / f"worker-{i}.log")
        loggers = {record["logger"] for record in records}
        assert {"celery.apps.worker", "service.jobs.runner", "celery.app.trace"} <= loggers
        assert not [record for record in records if record["message"].startswith("{")]
        keys = [(record["timestamp"], record["logger"], record["message"]) for record in records]
        assert len(keys) == len(set(keys)), keys


def test_a_job_survives_its_worker_being_killed(jobs_app, users, amounts, start_worker):
    shipped, _ = versions(jobs_app)
    first = start_worker(slow=True)
    job_id = rescore(jobs_app, users, shipped, chunk=20)
    wait_for(lambda: job_row(jobs_app, job_id).done > 0, 90, "the first committed chunk")
    kill(first)
    killed = job_row(jobs_app, job_id)
    assert killed.state == "running" and 0 < killed.done < BOMS, (killed.state, killed.done)

    start_worker()
    job = wait_for(lambda: finished(jobs_app, job_id), 90, "the re-delivered job")
    assert job.state == "succeeded", job.error
    assert job.done == job.total == BOMS
    check_results(jobs_app, job_id, amounts, 0.6205)
