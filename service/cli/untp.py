"""`flask untp issue-missing-dccs`: UN Transparency Protocol credentials of earlier labels."""

from __future__ import annotations

import click
from flask import current_app

from service.errors import ServiceError
from service.services.labels import dcc
from service.state import AppState


@click.group()
def untp() -> None:
    """UN Transparency Protocol credentials."""


@untp.command("issue-missing-dccs")
@click.option("--limit", default=1000, show_default=True, type=click.IntRange(1, 100_000))
def issue_missing_dccs(limit: int) -> None:
    """Issue a DCC for each label issued before DCCs existed (revoked labels get none)."""
    state: AppState = current_app.extensions["gba"]
    with state.session_factory() as session:
        try:
            issued = dcc.issue_missing(session, state.issuer, limit)
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"{len(issued)} DCC(s) issued")
    for label_id in issued:
        click.echo(label_id)
