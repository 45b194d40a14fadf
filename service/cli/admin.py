"""Organisations, users and the development demo account."""

from __future__ import annotations

import click
from flask import current_app

from service.errors import ServiceError
from service.services.accounts import organisations
from service.services.operations import demo as demo_accounts
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
@click.option(
    "--label-validity-days",
    type=int,
    help="Validity of this body's labels under its scheme (default: LABEL_VALIDITY_DAYS, 2 years).",
)
def create_org(
    kind: str,
    name: str,
    jurisdiction: str | None,
    accreditation: str | None,
    did: str | None,
    label_code: str | None,
    label_validity_days: int | None,
) -> None:
    """Register an organisation and print its id."""
    with _state().session_factory() as session:
        try:
            org = organisations.create_organisation(
                session,
                kind,
                name,
                jurisdiction,
                accreditation,
                did,
                label_code,
                label_validity_days,
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


@users.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Disable a user: their web sessions end and their API tokens stop working."""
    with _state().session_factory() as session:
        try:
            organisations.disable_user(session, email)
        except ServiceError as error:
            raise _fail(error) from None
    click.echo(f"{email} is disabled")


@click.group()
def demo() -> None:
    """Development conveniences."""


@demo.command("seed")
def seed() -> None:
    """Make sure the demo accounts and keys exist and print fresh tokens and passwords."""
    state = _state()
    if state.settings.environment == "production":
        raise click.ClickException(
            "demo seed makes accounts with printed passwords for development; it does not run "
            "with GBA_ENV=production (create real accounts with `orgs create` and `users create`)"
        )
    with state.session_factory() as session:
        accounts = demo_accounts.seed(session, state.issuer)
    for account in accounts:
        click.echo(
            f"demo {account.role} ({account.email}, org {account.org_id}): "
            f"API token {account.token}  web password {account.password}"
        )
