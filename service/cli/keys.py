"""`flask keys rotate|revoke`, `flask trust add|record-anchor`: keys and mutual recognition."""

from __future__ import annotations

from typing import TextIO

import click
from flask import current_app

from service.errors import ServiceError
from service.services.labels import identity_anchor, key_admin, trust
from service.state import AppState


def _state() -> AppState:
    state: AppState = current_app.extensions["gba"]
    return state


@click.group()
def keys() -> None:
    """Signing keys."""


@keys.command("rotate")
@click.option("--org", "org_id", required=True, help="The body (or operator) whose key rotates.")
def rotate(org_id: str) -> None:
    """Create a new key for the period; the old one stays published for its labels."""
    state = _state()
    with state.session_factory() as session:
        try:
            key = key_admin.rotate(session, state.issuer, org_id)
        except ServiceError as error:
            raise click.ClickException(error.message) from None
        click.echo(f"new key {key.kid} (thumbprint {key.thumbprint})")


@keys.command("revoke")
@click.option("--kid", required=True)
@click.option("--reason", required=True)
def revoke(kid: str, reason: str) -> None:
    """Withdraw a compromised key and revoke every label it signed."""
    state = _state()
    with state.session_factory() as session:
        try:
            revoked = key_admin.revoke(session, state.issuer, kid, reason)
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"key {kid} revoked; {len(revoked)} label(s) revoked")
    for label_id in revoked:
        click.echo(label_id)


@click.group("trust")
def trust_group() -> None:
    """Mutual recognition: the trust list."""


@trust_group.command("add")
@click.option("--did", required=True, help="The recognised body's did:web.")
@click.option("--url", "base_url", required=True, help="Base URL of the service that hosts it.")
@click.option("--jurisdiction", required=True, type=click.Choice(["CN-GD", "HK", "MO"]))
@click.option("--accreditation", required=True)
def add(did: str, base_url: str, jurisdiction: str, accreditation: str) -> None:
    """Recognise another body from what it publishes (DID document, log key)."""
    state = _state()
    with state.session_factory() as session:
        try:
            entry = trust.recognise(
                session, state.issuer, did, base_url, jurisdiction, accreditation
            )
        except ServiceError as error:
            raise click.ClickException(error.message) from None
        click.echo(f"recognised {entry.name} ({entry.did}) with {len(entry.keys)} key(s)")


@trust_group.command("record-anchor")
@click.option("--org", "org_id", required=True, help="The certification body accredited.")
@click.option(
    "--credential",
    "credential_file",
    required=True,
    type=click.File("r", encoding="ascii"),
    help="The accreditation body's UNTP Digital Identity Anchor (vc+jwt) of the body.",
)
def record_anchor(org_id: str, credential_file: TextIO) -> None:
    """Record an accreditation body's DIA of a body once its signature verifies."""
    state = _state()
    token = credential_file.read(100_000).strip()
    with state.session_factory() as session:
        try:
            row = identity_anchor.record(session, state.issuer, org_id, token)
        except ServiceError as error:
            raise click.ClickException(error.message) from None
        click.echo(f"recorded {row.issuer_name}'s accreditation {row.registered_id} ({row.id})")
