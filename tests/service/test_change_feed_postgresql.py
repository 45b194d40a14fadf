"""PostgreSQL notifications: a commit of one process moves every listening process's epoch.

Runs with TEST_DATABASE_URL only (SQLite has no notifications, and there nothing is cached),
on a schema of its own with committed data.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from service.domain.ids import new_id
from service.persistence.change_feed import ChangeFeed, install_notices
from service.persistence.database import make_engine, make_session_factory
from service.persistence.jobs import Job
from service.persistence.migrations import upgrade_to_head
from service.persistence.models import Organisation

BASE = os.environ.get("TEST_DATABASE_URL", "")
SCHEMA = "gba_change_feed_tests"
pytestmark = pytest.mark.skipif(not BASE, reason="needs PostgreSQL (TEST_DATABASE_URL)")


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    admin = make_engine(BASE)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    found = f"{BASE}?options=-csearch_path%3D{SCHEMA}"
    upgrade_to_head(found)
    yield found
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    admin.dispose()


@pytest.fixture()
def writer(url: str) -> Iterator[tuple[Callable[..., object], ChangeFeed]]:
    """Sessions of a process that writes (announcing its commits), and its own feed."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    feed = ChangeFeed(url, listen=False)
    install_notices(factory, feed, notify=True)
    yield factory, feed
    engine.dispose()


@pytest.fixture()
def listener(url: str) -> Iterator[ChangeFeed]:
    """Another process's feed, listening."""
    feed = ChangeFeed(url, listen=True)
    deadline = time.monotonic() + 10
    while feed.epoch() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert feed.epoch() is not None, "the listener did not connect"
    yield feed
    feed.close()


def _settled(feed: ChangeFeed, seconds: float = 0.5) -> int | None:
    """Return the epoch once nothing has arrived for a while."""
    last = feed.epoch()
    while True:
        time.sleep(seconds)
        now = feed.epoch()
        if now == last:
            return now
        last = now


def _organisation() -> Organisation:
    return Organisation(
        id=new_id("organisation"),
        kind="operator",
        name="Feed test",
        did=None,
        created_at=datetime.now(UTC),
    )


def test_a_watched_commit_moves_the_listeners_epoch(writer, listener):
    factory, own = writer
    before, own_before = _settled(listener), own.count()
    with factory() as session:
        session.add(_organisation())
        session.commit()
    assert own.count() != own_before  # the writer counts its own commit at once
    deadline = time.monotonic() + 10
    while listener.epoch() == before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert listener.epoch() is not None and listener.epoch() != before


def test_rollbacks_and_unwatched_writes_send_nothing(writer, listener):
    factory, own = writer
    before, own_before = _settled(listener), own.count()
    with factory() as session:
        session.add(_organisation())
        session.flush()
        session.rollback()
        job = Job(
            id=new_id("job"),
            kind="rescore",
            key=new_id("job"),
            state="queued",
            done=0,
            total=0,
            params={},
            created_at=datetime.now(UTC),
        )
        session.add(job)
        session.commit()
    assert _settled(listener, 1.0) == before and own.count() == own_before


def test_closing_stops_the_listener_and_sqlite_never_has_an_epoch(url):
    feed = ChangeFeed(url, listen=True)
    feed.epoch()  # starts the listener in this process
    thread = feed._thread
    assert thread is not None and thread.is_alive()
    feed.close()
    assert not thread.is_alive()
    assert ChangeFeed("sqlite:///never.sqlite3", listen=True).epoch() is None
