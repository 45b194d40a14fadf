"""Which background library version new calculations use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.persistence.jobs import LibraryVersion
from service.services.context import LcaRuntime


def current_version(session: Session, runtime: LcaRuntime) -> str:
    """Return the library version new calculations use (the shipped one by default)."""
    version = session.scalar(select(LibraryVersion.version).where(LibraryVersion.is_current))
    return version or runtime.default_version
