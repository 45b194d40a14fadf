"""Manufacturer page: the buyers' PACT clients that may read the organisation's footprints."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from service.services import pact
from service.web.blueprint import web
from service.web.context import caller, db, state

MAX_NAME = 200


def _page(created: tuple[str, str] | None = None) -> ResponseReturnValue:
    clients = pact.list_clients(db(), caller())
    base_url = f"{state().settings.service_url}/pact"
    return render_template(
        "web/pact_clients.html", clients=clients, created=created, base_url=base_url
    )


@web.get("/pact-clients")
def pact_clients() -> ResponseReturnValue:
    """List the organisation's PACT clients, with the form to register one."""
    return _page()


@web.post("/pact-clients")
def create_pact_client() -> ResponseReturnValue:
    """Register a client; its secret is shown on this answer only, never again."""
    client, secret = pact.create_own_client(db(), caller(), request.form.get("name", "")[:MAX_NAME])
    return _page((client.id, secret))


@web.post("/pact-clients/<client_id>/revocation")
def revoke_pact_client(client_id: str) -> ResponseReturnValue:
    """Revoke a client: its tokens stop working at once."""
    client = pact.revoke_client(db(), caller(), client_id)
    flash(gettext("Client %(name)s revoked.", name=client.name), "success")
    return redirect(url_for("web.pact_clients"))
