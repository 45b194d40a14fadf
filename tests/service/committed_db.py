"""A committed database for tests whose requests run on real threads (plain functions).

The other service tests share one rolled-back connection, which threads cannot; here each
thread's request opens its own connection, as under gunicorn. SQLite file by default, or a
schema of its own in the TEST_DATABASE_URL PostgreSQL database (dropped afterwards).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from service.persistence.database import make_engine
from service.persistence.migrations import upgrade_to_head
from service.settings import Settings


@contextmanager
def committed_database(directory: Path, schema: str) -> Iterator[str]:
    """Yield the URL of a migrated database whose commits every connection sees."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        url = f"sqlite:///{directory / 'committed.sqlite3'}"
        upgrade_to_head(url)
        yield url
        return
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{base}?options=-csearch_path%3D{schema}"
    upgrade_to_head(url)
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def committed_settings(url: str, brightway_dir: Path, instance: Path) -> Settings:
    """Settings of an app on the committed database."""
    return Settings(
        environment="development",
        database_url=url,
        brightway_dir=brightway_dir,
        secret_key="committed-test-secret",
        key_passphrase="committed-test-passphrase",
        service_url="http://gba.test",
        instance_dir=instance,
    )
