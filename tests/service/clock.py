"""A clock tests move: the app is given one (create_app(clock=...)) instead of patching modules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class MovableClock:
    """The machine's time plus an offset the test sets."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        """Return the machine's time moved by the offset (timezone-aware UTC)."""
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        """Move the clock by delta (negative to go back)."""
        self.offset += delta
