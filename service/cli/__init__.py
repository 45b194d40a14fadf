"""Command-line verbs for the deployer: `flask --app service <group> <verb>`."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    """Attach every command group to the app."""
    from service.cli import admin, audit, database, jobs, keys, lca

    app.cli.add_command(database.db)
    app.cli.add_command(lca.lca)
    app.cli.add_command(admin.orgs)
    app.cli.add_command(admin.users)
    app.cli.add_command(admin.demo)
    app.cli.add_command(audit.audit)
    app.cli.add_command(jobs.jobs_group)
    app.cli.add_command(keys.keys)
    app.cli.add_command(keys.trust_group)
