"""Telling every process that what verification answers depend on has changed.

A commit that writes a watched table (labels, status lists, keys, organisations, trust
entries, endorsements, the log) sends `NOTIFY gba_verification` on PostgreSQL, inside the
transaction, so it is delivered when (and only if) the commit happens; the committing process
also counts the change itself at once. Every process that caches verification answers keeps
one LISTEN connection in a daemon thread and counts what it hears: its *epoch*. A cached
answer is served only under the epoch it was computed in, so any watched change anywhere
invalidates every process's answers, a few milliseconds after the commit.

While the listener is not connected (starting, or the database is unreachable) the epoch is
unknown and nothing is cached; on (re)connecting the epoch moves on, since changes may have
been missed. SQLite has no notifications: there the feed never has an epoch.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import weakref
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

CHANNEL = "gba_verification"
WATCHED_TABLES = frozenset(
    {
        "labels",
        "status_lists",
        "signing_keys",
        "organisations",
        "trust_entries",
        "endorsements",
        "log_entries",
        "log_checkpoints",
    }
)
_CHANGED = "gba_watched_change"
# Epochs are numbered across the process, never reused by another feed: caches keyed by an
# epoch alone (verification_cache) can never mistake one feed's epoch for another's.
_EPOCHS = itertools.count(1)
_POLL_S = 1.0  # how often the listener wakes up to see whether it should stop
_RETRY_S = 2.0


def is_postgresql(url: str) -> bool:
    """Whether a database URL names PostgreSQL (the only backend with notifications)."""
    return url.startswith(("postgresql://", "postgresql+psycopg://"))


class ChangeFeed:
    """This process's count of watched changes (its epoch), fed by a LISTEN thread."""

    def __init__(self, database_url: str, listen: bool) -> None:
        self._url = "postgresql://" + database_url.split("://", 1)[1]
        self._listen = listen and is_postgresql(database_url)
        self._lock = threading.Lock()
        self._epoch = next(_EPOCHS)
        self._live = False
        self._pid: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def epoch(self) -> int | None:
        """Return the current epoch, or None while changes cannot be heard."""
        if not self._listen:
            return None
        if self._pid != os.getpid():
            self._start()  # first use in this process (gunicorn forks after create_app)
        with self._lock:
            return self._epoch if self._live else None

    def count(self) -> int:
        """Return the epoch whether or not this feed listens (it moves on with every change)."""
        with self._lock:
            return self._epoch

    def changed(self) -> None:
        """Count a change (a notification, or a commit of this process)."""
        with self._lock:
            self._epoch = next(_EPOCHS)

    def close(self) -> None:
        """Stop listening (the thread ends within a second)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and self._pid == os.getpid():
            thread.join(timeout=5)

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid, self._live = os.getpid(), False
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._run, name="gba-change-feed", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    with self._lock:
                        self._epoch = next(_EPOCHS)  # whatever happened while not listening
                        self._live = True
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=_POLL_S):
                            self.changed()
            except psycopg.Error as error:
                log.warning("change feed: not listening (%s); answers are not cached", error)
            with self._lock:
                self._live = False
            self._stop.wait(_RETRY_S)


def _mark_pending(session: Session, *_args: Any) -> None:
    """Note whether the session's unflushed changes write a watched table."""
    for obj in (*session.new, *session.dirty, *session.deleted):
        if getattr(obj, "__tablename__", None) in WATCHED_TABLES:
            session.info[_CHANGED] = True
            return


def _mark_statement(state: Any) -> None:
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in WATCHED_TABLES:
            state.session.info[_CHANGED] = True


def install_notices(factory: sessionmaker[Session], feed: ChangeFeed, notify: bool) -> None:
    """Make the factory's sessions announce commits that write a watched table.

    notify: send NOTIFY in the transaction (PostgreSQL); the feed counts the commit either way.
    """

    def before_commit(session: Session) -> None:
        _mark_pending(session)  # commit flushes them after this event
        if notify and session.info.get(_CHANGED):
            session.execute(text(f"NOTIFY {CHANNEL}"))

    def after_commit(session: Session) -> None:
        if session.info.pop(_CHANGED, False):
            feed.changed()

    def after_rollback(session: Session) -> None:
        session.info.pop(_CHANGED, None)

    event.listen(factory, "before_flush", _mark_pending)
    event.listen(factory, "do_orm_execute", _mark_statement)
    event.listen(factory, "before_commit", before_commit)
    event.listen(factory, "after_commit", after_commit)
    event.listen(factory, "after_rollback", after_rollback)


_feeds: weakref.WeakKeyDictionary[sessionmaker[Session], ChangeFeed] = weakref.WeakKeyDictionary()


def change_feed(factory: sessionmaker[Session], database_url: str, listen: bool) -> ChangeFeed:
    """Return the factory's feed, installing its notices on first use (once per factory)."""
    found = _feeds.get(factory)
    if found is None:
        found = ChangeFeed(database_url, listen)
        install_notices(factory, found, notify=is_postgresql(database_url))
        _feeds[factory] = found
    return found
