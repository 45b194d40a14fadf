"""Alembic environment: our models' metadata, the URL from the config or Settings."""

from __future__ import annotations

from alembic import context

import service.persistence  # noqa: F401  (registers every table on Base.metadata)
from service.persistence.base import Base
from service.persistence.database import make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url")
if not url:
    from service.settings import Settings

    url = Settings.from_env().database_url


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
