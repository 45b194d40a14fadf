"""`flask tokens list|create|revoke`: the users' API tokens."""

from __future__ import annotations

from typing import Any

import click
from flask import current_app

from service.errors import ServiceError
from service.services.accounts import tokens as use_cases
from service.state import AppState


def _factory() -> Any:
    state: AppState = current_app.extensions["gba"]
    return state.session_factory


def _when(value: Any) -> str:
    return "-" if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


@click.group("tokens")
def tokens() -> None:
    """API tokens: names, expiry, last use, revocation."""


@tokens.command("list")
@click.option("--email", help="only this user's tokens")
def list_tokens(email: str | None) -> None:
    """List tokens: id, user, name, state, created, expires, last used."""
    with _factory()() as session:
        for t in use_cases.list_tokens(session, email):
            click.echo(
                f"{t['id']}  {t['email']}  {t['name'] or '-'}  {t['state']}  "
                f"created {_when(t['created_at'])}  expires {_when(t['expires_at'])}  "
                f"last used {_when(t['last_used_at'])}"
            )


@tokens.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True, help="what the token is for")
@click.option("--days", type=click.IntRange(min=1), default=365, show_default=True)
def create(email: str, name: str, days: int) -> None:
    """Issue a named token; its secret is printed once."""
    with _factory()() as session:
        try:
            click.echo(use_cases.create_token(session, email, name, days))
        except ServiceError as error:
            raise click.ClickException(error.message) from None


@tokens.command("revoke")
@click.argument("token_id")
def revoke(token_id: str) -> None:
    """Revoke a token at once."""
    with _factory()() as session:
        try:
            use_cases.revoke_token(session, token_id)
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"token {token_id} revoked")
