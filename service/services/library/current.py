"""Which background library version new calculations use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.persistence.jobs import LibraryGrant, LibraryVersion
from service.services.context import LcaRuntime


def current_version(session: Session, runtime: LcaRuntime) -> str:
    """Return the library version new calculations use (the shipped one by default)."""
    version = session.scalar(select(LibraryVersion.version).where(LibraryVersion.is_current))
    return version or runtime.default_version


def usable_versions(session: Session, org_id: str | None) -> frozenset[str]:
    """Return the recorded versions an organisation may search and use.

    Every unrestricted version, and the restricted ones it was granted (licensed data).
    """
    unrestricted = session.scalars(
        select(LibraryVersion.version).where(LibraryVersion.restricted.is_(False))
    )
    granted = session.scalars(select(LibraryGrant.version).where(LibraryGrant.org_id == org_id))
    return frozenset(unrestricted) | frozenset(granted)
