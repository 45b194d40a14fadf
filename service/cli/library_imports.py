"""`flask lca library import|uslci|grant|report`: unit-process databases as library versions."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from lca_models import LcaError
from lca_models.imports import READERS, ImportReport
from service.errors import ServiceError
from service.jobs import enqueue
from service.persistence.jobs import LibraryVersion
from service.services.library import import_jobs, imports
from service.state import AppState

REPORTS = "import_reports"


def _state() -> AppState:
    state: AppState = current_app.extensions["gba"]
    return state


def _fail(error: ServiceError) -> click.ClickException:
    return click.ClickException(error.message)


def _done(state: AppState, row: LibraryVersion, report: ImportReport) -> None:
    click.echo(report.text())
    folder = import_jobs.store_report(state.settings.instance_dir / REPORTS, row.version, report)
    mark = " (current)" if row.is_current else ""
    restricted = " restricted" if row.restricted else ""
    click.echo(f"library version {row.version}{mark}{restricted} recorded; report in {folder}")


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "source_format", required=True, type=click.Choice(sorted(READERS)))
@click.option("--version", "release", required=True, help="Version name, e.g. uslci-fy17.q4.02")
@click.option("--current", is_flag=True, help="Make it the version new calculations use")
@click.option("--licence-note", default=None, help="Shown with every result it gives")
@click.option("--restricted", is_flag=True, help="Licensed: only granted organisations use it")
@click.option("--enqueue", "send", is_flag=True, help="Run it as a job of the configured backend")
def import_command(
    path: Path,
    source_format: str,
    release: str,
    current: bool,
    licence_note: str | None,
    restricted: bool,
    send: bool,
) -> None:
    """Import a unit-process database (zip or folder) and print its import report."""
    state = _state()
    if send:
        _enqueue(path, source_format, release, current, licence_note, restricted)
        return
    with state.session_factory() as session:
        try:
            row, report = imports.import_library(
                session,
                state.runtime,
                path,
                source_format,
                release,
                make_current=current,
                licence_note=licence_note,
                restricted=restricted,
            )
        except LcaError as error:
            raise click.ClickException(f"import failed: {error.message}") from None
        except ServiceError as error:
            raise _fail(error) from None
        _done(state, row, report)


def _enqueue(
    path: Path,
    source_format: str,
    release: str,
    current: bool,
    licence_note: str | None,
    restricted: bool,
) -> None:
    params = {
        "path": str(path.resolve()),
        "format": source_format,
        "version": release,
        "current": current,
        "licence_note": licence_note,
        "restricted": restricted,
    }
    with _state().session_factory() as session:
        try:
            job, run = import_jobs.start_import(session, params)
        except ServiceError as error:
            raise _fail(error) from None
        job_id = job.id
    if run:
        enqueue(current_app, job_id, 1)
    click.echo(f"job {job_id} queued; GET /api/v1/jobs/{job_id} shows its progress")


@click.command("uslci")
def uslci_command() -> None:
    """Import the shipped USLCI as a second, non-current version (skipped if already there)."""
    state = _state()
    with state.session_factory() as session:
        imported = imports.import_shipped_uslci(session, state.runtime)
        if imported is None:
            click.echo(f"library version {imports.USLCI_VERSION} already recorded")
            return
        _done(state, *imported)


@click.command("grant")
@click.argument("version")
@click.option("--org", "org_id", required=True, help="Organisation id")
def grant_command(version: str, org_id: str) -> None:
    """Allow an organisation to search and use a restricted version."""
    with _state().session_factory() as session:
        try:
            imports.grant(session, version, org_id)
        except ServiceError as error:
            raise _fail(error) from None
        click.echo(f"{org_id} may use {version}")
