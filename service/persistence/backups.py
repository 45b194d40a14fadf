"""Whole-database backups: pg_dump/pg_restore for PostgreSQL, the backup API for SQLite.

Everything the service records is in the database: labels, the audit chains, the
transparency log, the sealed signing keys (sealed with KEY_PASSPHRASE, which is kept apart),
and the library versions the score tables were built from. The Brightway directory is not:
it is rebuilt from the shipped library, or backed up after each import (deploy/README.md).
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore failed; the message says why."""


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(database)


def _libpq(url: str) -> tuple[str, list[str]]:
    """Return the libpq URI of a PostgreSQL URL and pg_dump's schema options for it."""
    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://", 1))
    schemas: list[str] = []
    for option in parse_qs(parts.query).get("options", []):
        for word in unquote(option).split():
            if word.startswith("-csearch_path="):
                schemas += ["--schema", word.split("=", 1)[1].split(",")[0]]
    return urlunsplit(parts), schemas


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip()[-500:]}")


def create_backup(url: str, path: Path) -> None:
    """Write a consistent copy of the database at url to path."""
    if url.startswith("sqlite"):
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(path)
        try:
            source.backup(target)  # a consistent snapshot even while others write
        finally:
            target.close()
            source.close()
        return
    uri, schemas = _libpq(url)
    # Custom format: compressed, restorable selectively, with --clean.
    _run(["pg_dump", "--format=custom", "--no-owner", *schemas, f"--file={path}", uri])


def restore_backup(url: str, path: Path) -> None:
    """Replace the database at url with the backup at path."""
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    if url.startswith("sqlite"):
        source = sqlite3.connect(path)
        target = sqlite3.connect(_sqlite_path(url))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    uri, _schemas = _libpq(url)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={uri}",
            str(path),
        ]
    )
