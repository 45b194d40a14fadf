"""Who is calling, and the LCA collaborators a use case needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lca_models import Dataset, FootprintEngine, Library


def utc_now() -> datetime:
    """Return the current time, timezone-aware UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Caller:
    """The authenticated user behind a request."""

    user_id: str
    org_id: str
    org_kind: str
    role: str


@dataclass
class LcaRuntime:
    """The Brightway directory, the engine, and the library version results are computed on."""

    directory: Path
    library: Library
    engine: FootprintEngine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = FootprintEngine(self.directory)
        self._datasets = self.library.by_code()

    @property
    def library_version(self) -> str:
        """Return the version of the library new calculations use."""
        return self.library.version

    def dataset(self, code: str) -> Dataset | None:
        """Return a library dataset by code, or None."""
        return self._datasets.get(code)


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
