"""Organisations, users and the development demo account."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from service.errors import ServiceError
from service.persistence.models import Organisation, User
from service.services import organisations
from service.services.auth import issue_token
from service.state import AppState

DEMO_ORG = "Demo Manufacturer (development)"
DEMO_EMAIL = "demo@manufacturer.example"


def _state() -> AppState:
    state: AppState = current_app.extensions["gba"]
    return state


def _fail(error: ServiceError) -> click.ClickException:
    details = "; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())
    return click.ClickException(f"{error.message}{' (' + details + ')' if details else ''}")


@click.group()
def orgs() -> None:
    """Organisations."""


@orgs.command("create")
@click.option(
    "--kind", required=True, type=click.Choice(["manufacturer", "certification_body", "operator"])
)
@click.option("--name", required=True)
@click.option("--jurisdiction", type=click.Choice(["CN-GD", "HK", "MO"]))
@click.option("--accreditation")
@click.option("--did")
@click.option("--label-code", help="Issuer code in label IDs, e.g. SZ in GBA-GDSZ-2026-000042-X.")
def create_org(
    kind: str,
    name: str,
    jurisdiction: str | None,
    accreditation: str | None,
    did: str | None,
    label_code: str | None,
) -> None:
    """Register an organisation and print its id."""
    with _state().session_factory() as session:
        try:
            org = organisations.create_organisation(
                session, kind, name, jurisdiction, accreditation, did, label_code
            )
        except ServiceError as error:
            raise _fail(error) from None
        click.echo(org.id)


@click.group()
def users() -> None:
    """Users."""


@users.command("create")
@click.option("--org", "org_id", required=True)
@click.option(
    "--role",
    required=True,
    type=click.Choice(["manufacturer", "reviewer", "decision_maker", "admin"]),
)
@click.option("--email", required=True)
@click.option(
    "--affiliation",
    "affiliations",
    multiple=True,
    help="Another organisation the person works for (a conflict of interest).",
)
@click.option(
    "--password",
    prompt=True,
    prompt_required=False,
    hide_input=True,
    default=None,
    help="Web sign-in password; with no value given, it is asked for without echo.",
)
def create_user(
    org_id: str, role: str, email: str, affiliations: tuple[str, ...], password: str | None
) -> None:
    """Register a user and print their API token (shown only this once)."""
    with _state().session_factory() as session:
        try:
            _user, token = organisations.create_user(
                session, org_id, role, email, list(affiliations), password
            )
        except ServiceError as error:
            raise _fail(error) from None
        click.echo(token)


@users.command("set-password")
@click.option("--email", required=True)
@click.password_option()
def set_password(email: str, password: str) -> None:
    """Set a user's web sign-in password."""
    with _state().session_factory() as session:
        try:
            organisations.set_password(session, email, password)
        except ServiceError as error:
            raise _fail(error) from None
    click.echo(f"password set for {email}")


@click.group()
def demo() -> None:
    """Development conveniences."""


@demo.command("seed")
def seed() -> None:
    """Make sure a demo manufacturer exists and print a fresh API token for it."""
    with _state().session_factory() as session:
        user = session.scalar(select(User).where(User.email == DEMO_EMAIL))
        if user is None:
            org = session.scalar(select(Organisation).where(Organisation.name == DEMO_ORG))
            if org is None:
                org = organisations.create_organisation(session, "manufacturer", DEMO_ORG)
            user, token = organisations.create_user(session, org.id, "manufacturer", DEMO_EMAIL)
        else:
            token = issue_token(session, user)
        click.echo(f"demo manufacturer {user.org_id}, API token: {token}")
