"""PACT v3: buyers' clients of a manufacturer, and the partners the service may call."""

from __future__ import annotations

import click
from flask import current_app

from service.errors import ServiceError
from service.services import pact
from service.state import AppState


def _state() -> AppState:
    state: AppState = current_app.extensions["gba"]
    return state


def _fail(error: ServiceError) -> click.ClickException:
    details = "; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())
    return click.ClickException(f"{error.message}{' (' + details + ')' if details else ''}")


@click.group("pact")
def pact_group() -> None:
    """PACT v3 data exchange."""


@pact_group.group("clients")
def clients() -> None:
    """Buyers' clients that may read a manufacturer's footprints."""


@clients.command("create")
@click.option("--org", "org_id", required=True, help="The manufacturer whose footprints it reads.")
@click.option("--name", required=True, help="Who the client is (e.g. the buyer's name).")
def create_client(org_id: str, name: str) -> None:
    """Register a client; print its id and secret as the last two words (the secret once)."""
    with _state().session_factory() as session:
        try:
            client, secret = pact.create_client(session, org_id, name)
        except ServiceError as error:
            raise _fail(error) from None
        click.echo(f"PACT client for {client.organisation.name}: {client.id} {secret}")


@pact_group.group("partners")
def partners() -> None:
    """Partners the service may call (callbacks, pulls): the outbound allow-list."""


@partners.command("add")
@click.option("--url", required=True, help="The partner's PACT base URL (https://...).")
@click.option("--client-id", required=True)
@click.option("--client-secret", required=True)
def add_partner(url: str, client_id: str, client_secret: str) -> None:
    """Record a partner and the credentials it gave us; print its id."""
    state = _state()
    with state.session_factory() as session:
        try:
            partner = pact.add_partner(
                session, url, client_id, client_secret, state.settings.environment != "production"
            )
        except ServiceError as error:
            raise _fail(error) from None
        click.echo(f"PACT partner {partner.base_url}: {partner.id}")
