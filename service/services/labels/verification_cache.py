"""Per-process caches for verification that never serve a stale status, trust list or key.

Every cache is keyed by content or by a version read from the database on each request:

- the trust list and this service's DID documents by ``Versions`` (one small query per
  request): keys are only added, retired or revoked (count and newest timestamps change),
  organisations only created, and trust entries only added or re-recognised (which appends to
  the log, so the newest signed checkpoint changes);
- a status list credential by its row's (id, updated_at, signature): the list is re-signed
  whenever a bit changes, and a signature names exactly one signed content and key;
- an inclusion receipt by (log index, signed checkpoint note): log nodes never change once
  written, and its check by the receipt, the entry and the log key themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from certificates import TrustedIssuer
from certificates.log import InclusionReceipt, NoteVerifier, parse_checkpoint, verify_receipt
from service.persistence.labels import LogCheckpoint, SigningKey, StatusList, TrustEntry
from service.persistence.models import Organisation
from service.services.labels import transparency

# Ed25519 signatures are 64 bytes: 86 base64url characters at the end of a compact JWS.
_SIGNATURE_CHARS = 86
_MAX_ENTRIES = 4096


@dataclass(frozen=True)
class Versions:
    """What the trust list and DID documents depend on, read in one query."""

    keys: tuple[Any, ...]
    organisations: tuple[Any, ...]
    trust_entries: tuple[Any, ...]
    checkpoint: str  # the newest signed checkpoint note ("" for an empty log)


def read_versions(session: Session) -> Versions:
    """Return the current versions (one round trip)."""
    row = session.execute(
        select(
            select(func.count()).select_from(SigningKey).scalar_subquery(),
            select(func.max(SigningKey.created_at)).scalar_subquery(),
            select(func.max(SigningKey.retired_at)).scalar_subquery(),
            select(func.max(SigningKey.revoked_at)).scalar_subquery(),
            select(func.count()).select_from(Organisation).scalar_subquery(),
            select(func.max(Organisation.created_at)).scalar_subquery(),
            select(func.count()).select_from(TrustEntry).scalar_subquery(),
            select(func.max(TrustEntry.added_at)).scalar_subquery(),
            select(LogCheckpoint.signed_note)
            .order_by(LogCheckpoint.size.desc())
            .limit(1)
            .scalar_subquery(),
        )
    ).one()
    return Versions(tuple(row[0:4]), tuple(row[4:6]), tuple(row[6:8]), str(row[8] or ""))


def versions_at(session: Session, epoch: int | None) -> Versions:
    """Return the versions, read once per change epoch when it is known (else every time)."""
    if epoch is None:
        return read_versions(session)
    found: Versions | None = _versions.get(epoch)
    if found is None:
        found = read_versions(session)
        _versions.store(epoch, found)
    return found


class _Bounded(dict[Any, Any]):
    """A dict that forgets everything once it holds too many entries (old versions)."""

    def store(self, key: Any, value: Any) -> None:
        if len(self) >= _MAX_ENTRIES:
            self.clear()
        self[key] = value


_trust: _Bounded = _Bounded()
_documents: _Bounded = _Bounded()
_status_tokens: _Bounded = _Bounded()
_receipts: _Bounded = _Bounded()
_versions: _Bounded = _Bounded()
_lists_by_epoch: _Bounded = _Bounded()


def cached_trust(versions: Versions, build: Any) -> list[TrustedIssuer]:
    """Return the trust list for these versions, building it with build() on a miss."""
    found: list[TrustedIssuer] | None = _trust.get(versions)
    if found is None:
        found = build()
        _trust.store(versions, found)
    return list(found)


def cached_document(versions: Versions, did: str, build: Any) -> dict[str, Any]:
    """Return a local DID document for these versions, building it on a miss."""
    key = (versions.keys, versions.organisations, did)
    found: dict[str, Any] | None = _documents.get(key)
    if found is None:
        found = build()
        _documents.store(key, found)
    return found


def local_status_token(
    session: Session, list_id: str, now: datetime, epoch: int | None = None
) -> str | None:
    """Return a status list credential as stored, or None when the slow path must run.

    None when there is no such list or when its validity has passed (it is re-signed first).
    With a change epoch, the list read in that epoch is served without asking the database.
    """
    if epoch is not None:
        kept: tuple[datetime, str] | None = _lists_by_epoch.get((list_id, epoch))
        if kept is not None and kept[0] > now:
            return kept[1]
    found = _stored_status_token(session, list_id, now)
    if found is None:
        return None
    token, valid_until = found
    if epoch is not None:
        _lists_by_epoch.store((list_id, epoch), (valid_until, token))
    return token


def _stored_status_token(
    session: Session, list_id: str, now: datetime
) -> tuple[str, datetime] | None:
    """Return (credential, valid until) of a list still valid, as stored, or None."""
    length = func.length(StatusList.credential)
    row = session.execute(
        select(
            StatusList.updated_at,
            StatusList.valid_until,
            func.substr(StatusList.credential, length - (_SIGNATURE_CHARS - 1)),
        ).where(StatusList.id == list_id)
    ).first()
    if row is None or row[1] <= now:
        return None
    key = (list_id, row[0], row[2])
    token: str | None = _status_tokens.get(key)
    if token is None:
        token = session.scalar(select(StatusList.credential).where(StatusList.id == list_id))
        if token is None or not token.endswith(row[2]):
            return None  # changed in between: let the slow path read it
        _status_tokens.store(key, token)
    return token, row[1]


def cached_receipt(session: Session, index: int, versions: Versions) -> InclusionReceipt:
    """Return the receipt of entry index against the newest checkpoint (as in versions)."""
    checkpoint = versions.checkpoint
    found: InclusionReceipt | None = _receipts.get((index, checkpoint))
    if found is None:
        newest = (parse_checkpoint(checkpoint).tree_size, checkpoint) if checkpoint else None
        found = transparency.receipt(session, index, newest)
        _receipts.store((index, found.checkpoint), found)
    return found


@lru_cache(maxsize=_MAX_ENTRIES)
def receipt_problems(
    receipt: InclusionReceipt, entry: bytes, verifier_key: str, origin: str
) -> tuple[str, ...]:
    """Return verify_receipt's failures; a pure function of its arguments, so memoised."""
    verifier = NoteVerifier.from_key_string(verifier_key)
    return tuple(verify_receipt(receipt, entry, [verifier], origin=origin))
