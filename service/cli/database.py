"""`flask db upgrade`: apply the Alembic migrations."""

from __future__ import annotations

import click
from flask import current_app

from service.persistence.migrations import upgrade_to_head
from service.state import AppState


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def upgrade() -> None:
    """Apply every migration up to head."""
    state: AppState = current_app.extensions["gba"]
    upgrade_to_head(state.settings.database_url)
    click.echo("database is at head")
