"""Alembic: one head, and upgrade-to-head builds exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from service.persistence import models  # noqa: F401  (registers the tables)
from service.persistence.base import Base
from service.persistence.database import make_engine
from service.persistence.migrations import alembic_config, upgrade_to_head


def test_there_is_a_single_head(database_url):
    script = ScriptDirectory.from_config(alembic_config(database_url))
    heads = script.get_heads()
    assert len(heads) == 1, heads
    # Every revision is reachable from that head down to the base: no orphan branches.
    revisions = list(script.walk_revisions())
    assert revisions
    assert revisions[-1].down_revision is None


def test_the_test_database_is_at_head(db_engine, database_url):
    script = ScriptDirectory.from_config(alembic_config(database_url))
    with db_engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    assert set(current) == set(script.get_heads())


def test_upgrade_to_head_matches_the_models(db_engine):
    with db_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_every_model_table_exists(db_engine):
    tables = set(inspect(db_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path):
    # On a scratch SQLite file, so the shared test database is left alone.
    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    upgrade_to_head(url)
    command.downgrade(alembic_config(url), "base")
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade_to_head(url)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
