"""Leases of job parts: taken by the worker running a part, renewed by its heartbeat, and
sent again when they lapse, so that a lost worker's part is finished by a live one.

A worker that takes a part holds its lease for JOBS_LEASE_SECONDS and renews it about every
third of that while the part runs. A worker lost with its machine renews nothing: once its
lease has lapsed, the sweeper of any live worker sends the part again (one sweeper wins each
lapsed lease: the update that re-marks it is conditional on its having lapsed) and the worker
that takes the new message resumes the part from what was recorded. A sent message not yet
taken by a worker holds a lease with no holder until JOBS_VISIBILITY_TIMEOUT: a message Redis
lost is thus sent again then, or at once by `flask jobs resume`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.persistence.jobs import Job, JobLease
from service.services.operations import jobs

UNFINISHED = (jobs.QUEUED, jobs.RUNNING)


def _rows(result: object) -> int:
    count: int = getattr(result, "rowcount", 0)
    return count


def _insert(session: Session, job_id: str, part: int, holder: str | None, until: datetime) -> bool:
    """Insert a lease row; False if one appeared meanwhile (another worker's)."""
    try:
        with session.begin_nested():
            session.add(JobLease(job_id=job_id, part=part, holder=holder, expires_at=until))
    except IntegrityError:
        return False
    return True


def take(
    session: Session, job_id: str, part: int, holder: str, seconds: int, now: datetime
) -> bool:
    """Take a part's lease unless a live worker holds it (commits); True if taken."""
    until = now + timedelta(seconds=seconds)
    taken = session.execute(
        update(JobLease)
        .where(
            JobLease.job_id == job_id,
            JobLease.part == part,
            or_(JobLease.holder.is_(None), JobLease.holder == holder, JobLease.expires_at < now),
        )
        .values(holder=holder, expires_at=until)
    )
    won = _rows(taken) == 1 or _insert(session, job_id, part, holder, until)
    session.commit()
    return won


def renew(
    session: Session, job_id: str, part: int, holder: str, seconds: int, now: datetime
) -> bool:
    """Extend a held lease (commits); False if it was lost or the job is no longer running."""
    renewed = session.execute(
        update(JobLease)
        .where(JobLease.job_id == job_id, JobLease.part == part, JobLease.holder == holder)
        .values(expires_at=now + timedelta(seconds=seconds))
    )
    state = session.scalar(select(Job.state).where(Job.id == job_id))
    session.commit()
    return _rows(renewed) == 1 and state == jobs.RUNNING


def release(session: Session, job_id: str, part: int, holder: str) -> None:
    """Give a lease up once its part has stopped (commits)."""
    session.rollback()
    session.execute(
        delete(JobLease).where(
            JobLease.job_id == job_id, JobLease.part == part, JobLease.holder == holder
        )
    )
    session.commit()


def mark_sent(
    session: Session,
    job_id: str,
    parts: Iterable[int],
    seconds: int,
    now: datetime,
    unclaimed_too: bool = False,
) -> list[int]:
    """Record that messages for these parts are about to be sent; return the parts to send.

    A part is sent when it has no lease or its lease lapsed (and with unclaimed_too, when a
    message sent before was not taken yet: after losing Redis). A part a live worker holds is
    not sent, nor one another caller marked a moment ago. Commits.
    """
    until = now + timedelta(seconds=seconds)
    sendable = [JobLease.expires_at < now]
    if unclaimed_too:
        sendable.append(JobLease.holder.is_(None))
    marked = []
    for part in parts:
        updated = session.execute(
            update(JobLease)
            .where(JobLease.job_id == job_id, JobLease.part == part, or_(*sendable))
            .values(holder=None, expires_at=until)
        )
        missing = _rows(updated) == 0 and session.get(JobLease, (job_id, part)) is None
        if _rows(updated) == 1 or (missing and _insert(session, job_id, part, None, until)):
            marked.append(part)
    session.commit()
    return marked


def lapsed(session: Session, now: datetime, limit: int = 100) -> list[tuple[str, int]]:
    """Return (job id, part) of unfinished jobs' lapsed leases, oldest first."""
    query = (
        select(JobLease.job_id, JobLease.part)
        .join(Job, Job.id == JobLease.job_id)
        .where(JobLease.expires_at < now, Job.state.in_(UNFINISHED))
        .order_by(JobLease.expires_at)
        .limit(limit)
    )
    found = [(job_id, part) for job_id, part in session.execute(query)]
    session.commit()
    return found


def next_expiry(session: Session) -> datetime | None:
    """Return when the first lease of an unfinished job lapses (None: no lease)."""
    query = (
        select(func.min(JobLease.expires_at))
        .join(Job, Job.id == JobLease.job_id)
        .where(Job.state.in_(UNFINISHED))
    )
    found: datetime | None = session.scalar(query)  # min() keeps the column's UTC type
    session.commit()
    return found


def forget_finished(session: Session) -> int:
    """Delete the leases of jobs that have stopped (commits); return how many."""
    stopped = select(Job.id).where(Job.state.not_in(UNFINISHED))
    deleted = session.execute(delete(JobLease).where(JobLease.job_id.in_(stopped)))
    session.commit()
    return _rows(deleted)


def of_job(session: Session, job_id: str) -> list[JobLease]:
    """Return a job's leases by part (for `flask jobs show`)."""
    query = select(JobLease).where(JobLease.job_id == job_id).order_by(JobLease.part)
    return list(session.scalars(query))
