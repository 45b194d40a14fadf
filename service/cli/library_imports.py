"""`flask lca library import|uslci|grant|report`: unit-process databases as library versions."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app

from lca_models import LcaError
from lca_models.imports import READERS, ImportReport, cutoffs_csv
from service.errors import ServiceError
from service.persistence.jobs import LibraryVersion
from service.services.library import imports
from service.state import AppState


def _state() -> AppState:
    state: AppState = current_app.extensions["gba"]
    return state


def _fail(error: ServiceError) -> click.ClickException:
    return click.ClickException(error.message)


def _store(state: AppState, row: LibraryVersion, report: ImportReport) -> Path:
    """Write the report and its cut-off CSV under instance/import_reports/VERSION/."""
    folder = state.settings.instance_dir / "import_reports" / row.version.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.txt").write_text(report.text() + "\n", encoding="utf-8")
    (folder / "report.json").write_text(
        json.dumps(report.summary(), indent=1, sort_keys=True), encoding="utf-8"
    )
    (folder / "cutoffs.csv").write_text(
        cutoffs_csv([c.__dict__ for c in report.cutoffs]), encoding="utf-8"
    )
    return folder


def _done(state: AppState, row: LibraryVersion, report: ImportReport) -> None:
    click.echo(report.text())
    folder = _store(state, row, report)
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
def import_command(
    path: Path,
    source_format: str,
    release: str,
    current: bool,
    licence_note: str | None,
    restricted: bool,
) -> None:
    """Import a unit-process database (zip or folder) and print its import report."""
    state = _state()
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
