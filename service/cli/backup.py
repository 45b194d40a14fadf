"""`flask backup create PATH` and `flask backup restore PATH`: the whole database."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from service.persistence.backups import BackupError, create_backup, restore_backup
from service.state import AppState


@click.group()
def backup() -> None:
    """Back the database up and restore it."""


@backup.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create(path: Path) -> None:
    """Write a backup of the database to PATH."""
    state: AppState = current_app.extensions["gba"]
    try:
        create_backup(state.settings.database_url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"backup written to {path}")


@backup.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.confirmation_option(prompt="Replace the whole database with the backup?")
def restore(path: Path) -> None:
    """Replace the database with the backup at PATH."""
    state: AppState = current_app.extensions["gba"]
    bind = state.session_factory.kw.get("bind")
    if bind is not None and hasattr(bind, "dispose"):
        bind.dispose()  # no pooled connection keeps the old contents open
    try:
        restore_backup(state.settings.database_url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"database restored from {path}; run `flask --app service audit verify`")
