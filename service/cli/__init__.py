"""Command-line verbs for the deployer: `flask --app service <group> <verb>`."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    """Attach every command group to the app."""
    from service.cli import (
        admin,
        audit,
        backup,
        database,
        jobs,
        keys,
        lca,
        pact,
        synergy,
        tokens,
        untp,
    )
    from service.cli.errors import guard

    app.cli.add_command(database.db)
    for group in (
        backup.backup,
        tokens.tokens,
        lca.lca,
        admin.orgs,
        admin.users,
        admin.demo,
        audit.audit,
        jobs.jobs_group,
        keys.keys,
        keys.trust_group,
        pact.pact_group,
        untp.untp,
        synergy.synergy,
    ):
        guard(group)  # expected failures in one line on stderr, never a traceback
        app.cli.add_command(group)
