"""Keyed jobs: starting one idempotently, recording progress and outcome, showing it.

A job's key names the work (e.g. `rescore:<library version>`): starting the same key again
returns the existing job and never a second one. A failed or cancelled job started again is
queued again and resumes (its task functions skip work already recorded); an unfinished one
has the parts no live worker holds sent again (service/services/leases.py). Running the
work is the job layer's business (service/jobs): in-process threads or Celery workers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.domain.roles import OrgKind, Role
from service.errors import JobNotFound
from service.persistence.jobs import Job, JobLease
from service.persistence.models import User
from service.services.context import Caller, utc_now

KINDS = ("rescore", "bom_import", "certificates", "library_import", "pact_callback", "pact_refresh")
QUEUED, RUNNING, SUCCEEDED, FAILED = "queued", "running", "succeeded", "failed"
CANCELLED = "cancelled"
STOPPED = (SUCCEEDED, FAILED, CANCELLED)
# Jobs that concern every body's labels, which certifiers and the operator may follow.
SHARED_KINDS = frozenset({"rescore"})


def start_job(
    session: Session,
    kind: str,
    key: str,
    params: dict[str, Any],
    created_by: str | None,
    total: int = 0,
) -> tuple[Job, bool]:
    """Return the job of this key, creating it if new; the flag says whether to run it."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    existing = session.scalar(select(Job).where(Job.key == key))
    if existing is not None:
        if existing.state not in (FAILED, CANCELLED):
            return existing, False
        return reopen(session, existing.id), True
    job = Job(
        id=new_id("job"),
        kind=kind,
        key=key,
        state=QUEUED,
        done=0,
        total=total,
        params=params,
        result=None,
        error=None,
        created_by=created_by,
        created_at=utc_now(),
        started_at=None,
        finished_at=None,
    )
    session.add(job)
    try:
        session.commit()
    except IntegrityError:  # another request started the same key a moment ago
        session.rollback()
        return session.scalars(select(Job).where(Job.key == key)).one(), False
    return job, True


def claim(session: Session, job_id: str) -> Job | None:
    """Mark a job running before (re)starting its work; None if it has nothing left to do."""
    # Write first, read after: several workers claim one job's parts at once, and a SQLite
    # transaction that read before it writes may not wait for another writer.
    session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state.not_in(STOPPED))
        .values(state=RUNNING, started_at=func.coalesce(Job.started_at, utc_now()))
    )
    session.commit()
    job = session.get(Job, job_id, populate_existing=True)
    session.commit()
    return job if job is not None and job.state == RUNNING else None


def record_progress(session: Session, job: Job, done: int, total: int) -> None:
    """Record how much of the job is done (the caller commits with its own work)."""
    job.done, job.total = done, max(total, done)


def advance(session: Session, job_id: str, done: int, to: int) -> bool:
    """Move a job's count from done to to, unless another run moved it first (the caller
    commits with its own work, or rolls back on False): one result per item."""
    moved = session.execute(update(Job).where(Job.id == job_id, Job.done == done).values(done=to))
    return getattr(moved, "rowcount", 0) == 1


def finish(session: Session, job_id: str, result: dict[str, Any], done: int | None = None) -> None:
    """Record a job's success, its (small) result and (if given) its final count of work."""
    job = session.get(Job, job_id)
    if job is not None and job.state != CANCELLED:
        job.state, job.result, job.finished_at, job.error = SUCCEEDED, result, utc_now(), None
        if done is not None:
            job.done = done  # parts record progress concurrently: count once at the end
        job.total = max(job.total, job.done)
    session.commit()


def fail(session: Session, job_id: str, error: str) -> None:
    """Record a job's failure (unless another part finished it); starting its key again
    resumes it."""
    session.rollback()
    session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state.not_in((SUCCEEDED, CANCELLED)))
        .values(state=FAILED, error=error[:2000], finished_at=utc_now())
    )
    session.commit()


def cancel(session: Session, job_id: str) -> Job:
    """Stop an unfinished job: its workers stop after their current step (commits).

    Starting its key again (or `flask jobs resume`) carries on where it stopped.
    """
    job = get_job(session, job_id)
    if job.state not in STOPPED:
        job.state, job.finished_at, job.error = CANCELLED, utc_now(), "cancelled by the operator"
    session.commit()
    return job


def reopen(session: Session, job_id: str) -> Job:
    """Queue a failed or cancelled job again (commits); others are returned as they are."""
    job = get_job(session, job_id)
    if job.state in (FAILED, CANCELLED):
        job.state, job.error, job.finished_at = QUEUED, None, None
        # Every part is sent again; a worker still finishing a step of the old run finds
        # its lease gone at its next heartbeat and stops.
        session.execute(delete(JobLease).where(JobLease.job_id == job_id))
    session.commit()
    return job


def list_all(session: Session, kind: str | None, state: str | None, limit: int = 50) -> list[Job]:
    """Return the newest jobs, of a kind and state if given (for the deployer's command line)."""
    query = select(Job).order_by(Job.created_at.desc()).limit(limit)
    if kind:
        query = query.where(Job.kind == kind)
    if state:
        query = query.where(Job.state == state)
    return list(session.scalars(query))


def parts(job: Job) -> int:
    """Return how many workers may share a job (one message is sent per part)."""
    return max(1, int(job.params.get("parts", 1)))


def get_job(session: Session, job_id: str) -> Job:
    """Return a job by id, or raise NotFound (for the deployer's command line)."""
    job = session.get(Job, job_id)
    if job is None:
        raise JobNotFound(f"no job {job_id}")
    return job


def visible_job(session: Session, caller: Caller, job_id: str) -> Job:
    """Return a job the caller may follow, or raise NotFound.

    Users see the jobs their organisation started; the operator's administrators see jobs
    started from the command line; re-scoring jobs concern every body's labels, so every
    certifier and the operator may follow them (the report shows a body its own labels).
    """
    job = session.get(Job, job_id)
    if job is None:
        raise JobNotFound(f"no job {job_id}")
    creator_org = None
    if job.created_by is not None:
        creator_org = session.scalar(select(User.org_id).where(User.id == job.created_by))
    operator = caller.org_kind == OrgKind.OPERATOR and caller.role == Role.ADMIN
    if creator_org == caller.org_id or (creator_org is None and operator):
        return job
    shared_viewer = operator or caller.org_kind == OrgKind.CERTIFICATION_BODY
    if job.kind in SHARED_KINDS and shared_viewer:
        return job
    raise JobNotFound(f"no job {job_id}")


def list_jobs(session: Session, kind: str, limit: int = 50) -> list[Job]:
    """Return the newest jobs of a kind (callers check who may see them)."""
    query = select(Job).where(Job.kind == kind).order_by(Job.created_at.desc()).limit(limit)
    return list(session.scalars(query))


def describe(job: Job) -> dict[str, Any]:
    """Return what the API shows of a job."""
    return {
        "id": job.id,
        "kind": job.kind,
        "key": job.key,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "params": {k: v for k, v in job.params.items() if k != "files"},
        "result": job.result,
        "error": job.error,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }
