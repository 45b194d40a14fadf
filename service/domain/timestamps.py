"""The one text form of a moment: ISO 8601 in UTC with Z (API.md), as every answer sends it."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_text(moment: datetime, *, microseconds: bool = False) -> str:
    """Return an aware (or naive UTC) datetime as YYYY-MM-DDTHH:MM:SS[.ffffff]Z."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ" if microseconds else "%Y-%m-%dT%H:%M:%SZ")
