"""Row locks that serialise the allocation of numbers (label serials, BOM versions).

Numbers are `max + 1` within a parent (a body's serials, a product's versions). Two
transactions computing it at once would both pick the same number and one would fail on the
unique index, so the parent's row is locked first: on PostgreSQL with SELECT ... FOR NO KEY
UPDATE, held to commit (the next reader's max then sees the committed number: READ COMMITTED
takes a new snapshot per statement). NO KEY UPDATE, not UPDATE: inserting rows that
reference the parent takes KEY SHARE locks on it, which UPDATE would wait for (a deadlock
between two approvals that both already wrote such rows) and NO KEY UPDATE does not.

SQLite has one writer at a time: requests that may write begin with BEGIN IMMEDIATE
(service/persistence/database.py), so there the lock is the database's own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session


def lock_parent(session: Session, model: type[Any], key: str) -> None:
    """Lock one row of a parent table until the transaction ends (a no-op on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(model.id).where(model.id == key).with_for_update(key_share=True))
