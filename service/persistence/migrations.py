"""Running Alembic from code, with the repository's migrations folder."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from service.shipped_files import shipped_dir

MIGRATIONS_DIR = shipped_dir("migrations")


def alembic_config(database_url: str) -> Config:
    """Return an Alembic config pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_to_head(database_url: str) -> None:
    """Apply every migration."""
    command.upgrade(alembic_config(database_url), "head")
