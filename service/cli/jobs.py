"""`flask jobs list | show | resume | cancel`: follow and steer background jobs of every kind."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app

from service.cli.library import sent_text
from service.errors import NotFound
from service.jobs import enqueue
from service.persistence.jobs import Job
from service.services.context import utc_now
from service.services.operations import jobs, leases
from service.state import AppState


def _state() -> AppState:
    state: AppState = current_app.extensions["gba"]
    return state


def _line(job: Job) -> str:
    return f"{job.id}  {job.kind}  {job.state}  {job.done}/{job.total}  {job.key}"


def _lease_text(holder: str | None, expires_at: datetime, now: datetime) -> str:
    seconds = int((expires_at - now).total_seconds())
    if holder is None:
        return f"sent, waiting for a worker (sent again in {max(seconds, 0)} s if none takes it)"
    if seconds < 0:
        return f"held by {holder}, lapsed {-seconds} s ago (the worker is presumed lost)"
    return f"held by {holder}, renewed (lapses in {seconds} s)"


def _get(job_id: str) -> Job:
    with _state().session_factory() as session:
        try:
            return jobs.get_job(session, job_id)
        except NotFound:
            raise click.ClickException(
                f"no job {job_id}; `flask jobs list` shows the jobs' ids"
            ) from None


@click.group("jobs")
def jobs_group() -> None:
    """Background jobs of every kind (re-scoring, BOM imports, certificates)."""


@jobs_group.command("list")
@click.option("--kind", type=click.Choice(jobs.KINDS), default=None)
@click.option("--state", type=click.Choice((jobs.QUEUED, jobs.RUNNING, *jobs.STOPPED)))
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
def list_command(kind: str | None, state: str | None, limit: int) -> None:
    """List the newest jobs: id, kind, state, done/total, key."""
    with _state().session_factory() as session:
        for job in jobs.list_all(session, kind, state, limit):
            click.echo(_line(job))


@jobs_group.command("show")
@click.argument("job_id")
def show(job_id: str) -> None:
    """Show a job, its outcome and who runs each of its parts."""
    job = _get(job_id)
    click.echo(_line(job))
    click.echo(f"created {job.created_at.isoformat()}  parts {jobs.parts(job)}")
    if job.error:
        click.echo(f"error: {job.error}")
    if job.result:
        click.echo(f"result: {jobs.describe(job)['result']}")
    now = utc_now()
    with _state().session_factory() as session:
        for lease in leases.of_job(session, job_id):
            click.echo(f"part {lease.part}: {_lease_text(lease.holder, lease.expires_at, now)}")


def _resume(job: Job) -> str:
    with _state().session_factory() as session:
        job = jobs.reopen(session, job.id)
    if job.state in jobs.STOPPED:
        return f"job {job.id} {job.state} (nothing to resume)"
    parts = jobs.parts(job)
    sent = enqueue(current_app, job.id, parts, unclaimed_too=True)
    return f"job {job.id} {job.state}: {sent_text(sent, parts)}"


@jobs_group.command("resume")
@click.argument("job_id", required=False)
@click.option("--all", "every", is_flag=True, help="Every unfinished job (after losing Redis)")
def resume(job_id: str | None, every: bool) -> None:
    """Send again the parts of a job that no live worker holds; a failed or cancelled job is
    queued again and carries on where it stopped."""
    if bool(job_id) == every:
        raise click.UsageError("give a job id or --all")
    if job_id:
        click.echo(_resume(_get(job_id)))
        return
    with _state().session_factory() as session:
        found = [
            job
            for state in (jobs.QUEUED, jobs.RUNNING)
            for job in jobs.list_all(session, None, state, 1000)
        ]
    for job in found:
        click.echo(_resume(job))
    if not found:
        click.echo("no queued or running job")


@jobs_group.command("cancel")
@click.argument("job_id")
def cancel(job_id: str) -> None:
    """Stop a job: its workers stop after their current step (resume carries on)."""
    with _state().session_factory() as session:
        try:
            job = jobs.cancel(session, job_id)
        except NotFound:
            raise click.ClickException(
                f"no job {job_id}; `flask jobs list` shows the jobs' ids"
            ) from None
        click.echo(_line(job))
