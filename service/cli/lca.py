"""`flask lca bootstrap`: the Brightway project, methods, library and score table."""

from __future__ import annotations

import click
from flask import current_app

from lca_models import bootstrap as bootstrap_project
from lca_models import build_score_table
from service.cli.library import library
from service.observability.library_output import prints_to_stderr
from service.services.library import versions as library_versions
from service.state import AppState


@click.group()
def lca() -> None:
    """The LCA engine."""


@lca.command("bootstrap")
def bootstrap() -> None:
    """Build (idempotently) the Brightway project and the current library's score table."""
    state: AppState = current_app.extensions["gba"]
    directory = state.settings.brightway_dir
    with prints_to_stderr():
        info = bootstrap_project(directory, state.runtime.library)
        table = build_score_table(directory, info.library_version)
        state.runtime.uncertainty.sampled(info.library_version)  # Monte Carlo background draws
    click.echo(f"brightway project: {info.directory}")
    click.echo(f"library: {info.library_version} ({info.datasets} datasets)")
    click.echo(f"method: {info.method_version}")
    click.echo(f"score table: {table}")
    with state.session_factory() as session:
        row = library_versions.record_shipped(session, state.runtime)
        click.echo(f"library version recorded{' (current)' if row.is_current else ''}")


lca.add_command(library)
