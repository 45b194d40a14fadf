"""`flask lca library ...`: background library versions and re-scoring."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from service.cli.library_imports import grant_command, import_command, uslci_command
from service.jobs import enqueue, run_job
from service.observability.library_output import prints_to_stderr
from service.persistence.jobs import LibraryVersion
from service.services.library import rescore
from service.services.library import versions as library_versions
from service.services.operations import jobs
from service.state import AppState


def _state() -> AppState:
    state: AppState = current_app.extensions["gba"]
    return state


def sent_text(sent: list[int], parts: int) -> str:
    """Say which parts of a job were just sent (and that the others are being run)."""
    if not sent:
        return f"all {parts} part(s) held by live workers, nothing sent"
    return f"sent part(s) {', '.join(map(str, sent))} of {parts}"


def _show(row: LibraryVersion) -> None:
    mark = "*" if row.is_current else " "
    click.echo(f"{mark} {row.version}  {row.kind}  {row.datasets} datasets  {row.source}")
    if row.licence_note:
        click.echo(f"    licence: {row.licence_note}")


@click.group("library")
def library() -> None:
    """Background library versions (old versions stay available)."""


@library.command("load")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--version", "release", required=True, help="Release name, e.g. gba-open-2027.01")
@click.option("--current", is_flag=True, help="Make it the version new calculations use")
def load(path: Path, release: str, current: bool) -> None:
    """Load PATH/datasets.csv + exchanges.csv as a new version and build its score table."""
    state = _state()
    with state.session_factory() as session, prints_to_stderr():
        row = library_versions.load_open(session, state.runtime, path, release, current)
        _show(row)
        if row.version != release:
            click.echo(
                f"    version name: {row.version} (the release and the hash of its data files, "
                "so that changed files never take an old name: use it with `use` and `rescore`)"
            )


@library.command("register")
@click.option("--database", required=True, help="A Brightway database imported with bw2io")
@click.option("--licence-note", default=None, help="Shown with every result it gives")
@click.option("--current", is_flag=True, help="Make it the version new calculations use")
def register(database: str, licence_note: str | None, current: bool) -> None:
    """Register a database you imported yourself (e.g. ecoinvent) and build its score table."""
    state = _state()
    with state.session_factory() as session, prints_to_stderr():
        row = library_versions.register_brightway(
            session, state.runtime, database, licence_note, current
        )
        _show(row)


@library.command("list")
def list_versions() -> None:
    """List the versions (* marks the current one)."""
    with _state().session_factory() as session:
        for row in library_versions.list_versions(session):
            _show(row)


@library.command("use")
@click.argument("version")
def use(version: str) -> None:
    """Make VERSION the one new calculations use."""
    with _state().session_factory() as session:
        _show(library_versions.use_version(session, version))


@library.command("rescore")
@click.argument("version")
@click.option("--chunk", default=rescore.DEFAULT_CHUNK, show_default=True, help="BOMs per step")
@click.option("--enqueue", "send", is_flag=True, help="Hand it to the configured job backend")
def rescore_command(version: str, chunk: int, send: bool) -> None:
    """Re-score every current BOM on VERSION (job key rescore:VERSION); report its job."""
    state = _state()
    with state.session_factory() as session:
        parts = state.settings.job_parts if send else 1  # here: this process does it all
        job, _new = rescore.start_rescore(session, None, version, chunk, parts)
        job_id, parts, job_state = job.id, jobs.parts(job), job.state
    if send:
        if job_state in jobs.STOPPED:
            click.echo(f"job {job_id} {job_state} (nothing sent)")
            return
        sent = enqueue(current_app, job_id, parts)
        click.echo(f"job {job_id} {job_state}: {sent_text(sent, parts)}")
        return
    run_job(state, job_id)
    with state.session_factory() as session:
        job = jobs.get_job(session, job_id)
        click.echo(f"job {job.id}: {job.state} {job.done}/{job.total}")
        if job.result:
            click.echo(f"summary: {job.result}")
        if job.error:
            raise click.ClickException(job.error)


library.add_command(import_command)
library.add_command(uslci_command)
library.add_command(grant_command)
