"""`flask audit verify`: walk every application's hash chain."""

from __future__ import annotations

import click
from flask import current_app

from service.services.certification.audit import verify_chains
from service.state import AppState


@click.group()
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
def verify() -> None:
    """Check every audit chain; name the first broken event of each broken chain."""
    state: AppState = current_app.extensions["gba"]
    with state.session_factory() as session:
        breaks = verify_chains(session)
    if not breaks:
        click.echo("every audit chain is intact")
        return
    for found in breaks:
        click.echo(
            f"BROKEN application {found.application_id} at event {found.seq}: {found.reason}",
            err=True,
        )
    raise SystemExit(1)
