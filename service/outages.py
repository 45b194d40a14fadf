"""A database that cannot be reached answers 503 dependency_unavailable with Retry-After.

While PostgreSQL restarts (or SQLite stays locked past the busy timeout) every query fails
with a connection error; that is a passing fault of a dependency, not a bug, so clients are
told to come back (RFC 9110 Retry-After) instead of getting a 500. The API answers it in
service/api/fault_responses.py, the pages in service/web/fault_pages.py. Connections that
died while pooled are caught before use by pool_pre_ping (service/persistence/database.py),
which reconnects once: the one retry that is always safe, since nothing was sent yet.
"""

from __future__ import annotations

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# Seconds a client should wait: about what a PostgreSQL restart or failover takes.
RETRY_AFTER_S = 5
DATABASE_FAULTS: tuple[type[Exception], ...] = (OperationalError, InterfaceError, PoolTimeout)
MESSAGE = "the database is unavailable; try again shortly"
