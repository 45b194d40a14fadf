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
