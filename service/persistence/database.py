"""Engines and sessions for SQLite (embedded default) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

# The execution option a session that may write passes (see writer_options).
BEGIN_IMMEDIATE = "gba_begin_immediate"


def make_engine(url: str, pool_size: int = 5, max_overflow: int = 10) -> Engine:
    """Create an engine; SQLite gets foreign keys on and a generous busy timeout.

    A PostgreSQL engine keeps up to pool_size connections and opens up to max_overflow more
    under load (SQLAlchemy's QueuePool defaults: 5 and 10).
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so
            # SAVEPOINTs work (SQLAlchemy docs, "Serializable isolation / Savepoints").
            connection.isolation_level = None
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            # A deferred transaction that has read and then writes while another one writes
            # fails at once with "database is locked" (SQLite avoids the deadlock by not
            # waiting; sqlite.org/lang_transaction.html). One that may write therefore takes
            # the write lock up front, and waits for it (the busy timeout) instead.
            immediate = connection.get_execution_options().get(BEGIN_IMMEDIATE, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    # A bounded connect so that readiness probes fail fast when the server is unreachable.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        connect_args={"connect_timeout": 5},
    )


def writer_options() -> dict[str, Any]:
    """Return the session execution options of a unit of work that may write."""
    return {BEGIN_IMMEDIATE: True}


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory the web tier opens one session per request from."""
    return sessionmaker(bind=engine, expire_on_commit=False)
