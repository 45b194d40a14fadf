"""Who is calling, and the LCA collaborators a use case needs."""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lca_models import Dataset, FootprintEngine, Library, split_code
from service.domain.clock import Clock, SystemClock

# The clock of the app serving the current request (AppState.clock, bound per request by
# service/request_scope.py); the machine's clock elsewhere (CLI verbs, job workers, tests).
_CLOCK: ContextVar[Clock | None] = ContextVar("gba_clock", default=None)
_SYSTEM_CLOCK = SystemClock()


def utc_now() -> datetime:
    """Return the current time, timezone-aware UTC, from the clock bound to this context."""
    return (_CLOCK.get() or _SYSTEM_CLOCK).now()


def bind_clock(clock: Clock) -> Token[Clock | None]:
    """Make clock the one utc_now reads in this context, until unbind_clock(token)."""
    return _CLOCK.set(clock)


def unbind_clock(token: Token[Clock | None]) -> None:
    """Restore the clock bound before bind_clock returned token."""
    _CLOCK.reset(token)


@dataclass(frozen=True)
class Caller:
    """The authenticated user behind a request."""

    user_id: str
    org_id: str
    org_kind: str
    role: str


@dataclass
class LcaRuntime:
    """The Brightway directory, the engine, and the shipped open library.

    Which library version new calculations use is recorded in the database (library
    versions); the shipped open library is the default until another is made current.
    """

    directory: Path
    library: Library
    engine: FootprintEngine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = FootprintEngine(self.directory)

    @property
    def default_version(self) -> str:
        """Return the shipped open library's version."""
        return self.library.version

    def dataset(
        self, code: str, version: str, others: frozenset[str] = frozenset()
    ) -> Dataset | None:
        """Return a dataset by code, or None (from its score table).

        A plain code is version's; "OTHER:CODE" is OTHER's, if OTHER is one of others.
        """
        named, plain = split_code(code)
        if named is not None and named != version:
            return self.engine.table(named).dataset(plain) if named in others else None
        return self.engine.table(version).dataset(plain)


@dataclass(frozen=True)
class IssuerConfig:
    """What issuing and verifying labels needs from the configuration."""

    service_url: str
    key_passphrase: bytes
    label_validity_days: int
    allow_http_did: bool
    template_dir: Path

    @property
    def host(self) -> str:
        """Return host[:port] of the service URL."""
        return self.service_url.split("://", 1)[1].split("/", 1)[0]
