"""`flask synergy assess`: compare two calculations for batch use, printing the API's JSON."""

from __future__ import annotations

import json

import click
from flask import current_app

from service.errors import ServiceError
from service.services.footprints import synergy as assessments
from service.state import AppState


@click.group()
def synergy() -> None:
    """Pollution and carbon synergy assessments."""


@synergy.command("assess")
@click.option("--baseline", required=True, help="the baseline calculation id")
@click.option("--alternative", required=True, help="the alternative calculation id")
def assess(baseline: str, alternative: str) -> None:
    """Assess and store; print the assessment as GET /api/v1/synergy-assessments/{id} shows it."""
    state: AppState = current_app.extensions["gba"]
    with state.session_factory() as session:
        try:
            found = assessments.create_unchecked(session, baseline, alternative)
        except ServiceError as error:
            details = "; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())
            raise click.ClickException(
                f"{error.message}{' (' + details + ')' if details else ''}"
            ) from None
        click.echo(json.dumps(assessments.present(found), ensure_ascii=False, indent=2))
