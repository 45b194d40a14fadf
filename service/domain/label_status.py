"""A label's status lifecycle, as pure rules (the status strings live here only).

valid -> suspended (reversible: reinstate -> valid); valid | suspended -> revoked (final).
`expired` is never stored: a valid label past its validity reads as expired.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class LabelStatus(StrEnum):
    """What a label's status reads as."""

    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"


class LabelAction(StrEnum):
    """What the issuing body does to a label's status."""

    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    REVOKE = "revoke"


class StatusPurpose(StrEnum):
    """The Bitstring Status List a change sets a bit in (W3C statusPurpose)."""

    SUSPENSION = "suspension"
    REVOCATION = "revocation"


# Labels still carried by a certified product (re-scoring and surveillance look at these).
ISSUED = (LabelStatus.VALID, LabelStatus.SUSPENDED)


@dataclass(frozen=True)
class StatusChange:
    """The new stored status, and the status list bit that says it."""

    status: LabelStatus
    purpose: StatusPurpose
    bit: bool


CHANGES: dict[tuple[LabelStatus, LabelAction], StatusChange] = {
    (LabelStatus.VALID, LabelAction.SUSPEND): StatusChange(
        LabelStatus.SUSPENDED, StatusPurpose.SUSPENSION, True
    ),
    (LabelStatus.SUSPENDED, LabelAction.REINSTATE): StatusChange(
        LabelStatus.VALID, StatusPurpose.SUSPENSION, False
    ),
    (LabelStatus.VALID, LabelAction.REVOKE): StatusChange(
        LabelStatus.REVOKED, StatusPurpose.REVOCATION, True
    ),
    (LabelStatus.SUSPENDED, LabelAction.REVOKE): StatusChange(
        LabelStatus.REVOKED, StatusPurpose.REVOCATION, True
    ),
}


def status_change(stored: str, action: str) -> StatusChange | None:
    """Return the change an action makes from a stored status, or None if it is refused."""
    try:
        return CHANGES.get((LabelStatus(stored), LabelAction(action)))
    except ValueError:
        return None


def status_at(stored: str, valid_until: datetime, now: datetime) -> LabelStatus:
    """Return the status a label reads as at now (revocation and suspension win over expiry)."""
    if stored in (LabelStatus.REVOKED, LabelStatus.SUSPENDED):
        return LabelStatus(stored)
    return LabelStatus.EXPIRED if now > valid_until else LabelStatus.VALID
