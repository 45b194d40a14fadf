"""Readiness: may this process take traffic? (database, Redis when jobs need it, the engine)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from service.services.context import LcaRuntime
from service.services.library.current import current_version

log = logging.getLogger(__name__)
REDIS_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Check:
    """The outcome of one dependency check."""

    name: str
    ok: bool
    duration_ms: float
    # "ok", or the error's class name: probes are public, so no internal message is shown.
    detail: str = "ok"


@dataclass(frozen=True)
class Readiness:
    """Every check of a readiness probe."""

    checks: tuple[Check, ...]

    @property
    def ready(self) -> bool:
        """Return True when every check passed."""
        return all(check.ok for check in self.checks)

    @property
    def failing(self) -> list[str]:
        """Return the names of the checks that failed."""
        return [check.name for check in self.checks if not check.ok]


def _timed(name: str, probe: Callable[[], Any]) -> Check:
    """Run one probe, timing it; any exception fails the check (and is logged)."""
    start = time.perf_counter()
    try:
        probe()
    except Exception as error:  # a probe reports every failure, whatever its kind
        elapsed = (time.perf_counter() - start) * 1000
        log.warning("readiness check %s failed: %s: %s", name, type(error).__name__, error)
        return Check(name, False, round(elapsed, 3), type(error).__name__)
    return Check(name, True, round((time.perf_counter() - start) * 1000, 3))


def _database(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        session.execute(text("SELECT 1")).scalar_one()


def _redis(url: str) -> None:
    if not url:
        raise ValueError("REDIS_URL is not set")
    import redis  # installed with the celery jobs backend

    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        if not client.ping():
            raise ConnectionError("redis did not answer PING")
    finally:
        client.close()


def _library_version(session_factory: sessionmaker[Session], runtime: LcaRuntime) -> str:
    """Return the current library version, or the shipped one if the database cannot say."""
    try:
        with session_factory() as session:
            return current_version(session, runtime)
    except Exception:  # the database check reports this failure; the engine is checked anyway
        return runtime.default_version


def _engine(session_factory: sessionmaker[Session], runtime: LcaRuntime) -> None:
    runtime.engine.load(_library_version(session_factory, runtime))


def readiness(
    session_factory: sessionmaker[Session], runtime: LcaRuntime, redis_url: str | None = None
) -> Readiness:
    """Check the database (SELECT 1), Redis unless redis_url is None, and the score table."""
    checks = [_timed("database", lambda: _database(session_factory))]
    if redis_url is not None:
        checks.append(_timed("redis", lambda: _redis(redis_url)))
    checks.append(_timed("engine", lambda: _engine(session_factory, runtime)))
    return Readiness(tuple(checks))
