"""Which background library version new calculations use."""

from __future__ import annotations

from typing import Any

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


def restricted_among(session: Session, versions: list[str]) -> list[str]:
    """Return which of versions are restricted (licensed unit-process data), sorted."""
    query = select(LibraryVersion.version).where(
        LibraryVersion.version.in_(versions), LibraryVersion.restricted.is_(True)
    )
    return sorted(session.scalars(query))


def mark_restricted(session: Session, result: dict[str, Any], versions: list[str]) -> None:
    """Note in a result the restricted versions it used: labels then state only totals."""
    restricted = restricted_among(session, versions)
    if restricted:
        result["restricted_libraries"] = restricted
