"""The transparency log in the database: appends, signed checkpoints, receipts and proofs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text, tuple_
from sqlalchemy.orm import Session

from certificates.log import (
    Checkpoint,
    InclusionReceipt,
    MerkleLog,
    NoteSigner,
    make_receipt,
    sign_checkpoint,
)
from service.domain.canonical_json import canonical_json
from service.domain.timestamps import utc_text
from service.errors import LogEntryNotFound, ValidationFailed
from service.persistence.labels import LogCheckpoint, LogEntry, LogNode, SigningKey
from service.persistence.models import Organisation
from service.services.context import IssuerConfig
from service.services.labels.signing_keys import ensure_key, operator, signer_for

KEY_ADDED = "key_added"
# Any constant fits; it names the lock that serialises appends on PostgreSQL.
_APPEND_LOCK = 716_2026


class DatabaseNodeStore:
    """The log's complete-subtree hashes kept in log_nodes."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, level: int, index: int) -> bytes | None:
        """Return the hash of the subtree at (level, index), if stored."""
        node = self._session.get(LogNode, (level, index))
        return None if node is None else bytes(node.hash)

    def put(self, level: int, index: int, digest: bytes) -> None:
        """Store the hash of a completed subtree."""
        self._session.add(LogNode(level=level, idx=index, hash=digest))


def origin(config: IssuerConfig) -> str:
    """Return the log's origin line (C2SP tlog-checkpoint: a schema-less URL-like name)."""
    return f"{config.host}/gba-footprint/log"


def log_size(session: Session) -> int:
    """Return how many entries the log holds."""
    last = session.scalar(select(func.max(LogEntry.idx)))
    return 0 if last is None else int(last) + 1


def note_signer(session: Session, config: IssuerConfig, now: datetime) -> NoteSigner:
    """Return the signer of checkpoints: the operator's key under the log's origin name."""
    key = ensure_key(session, operator(session, config, now), config, now)
    return NoteSigner.from_private_key(origin(config), signer_for(key, config).private_key)


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # Appends must be serial: the next index is the current size.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _APPEND_LOCK})


def _add(
    session: Session,
    log: MerkleLog,
    kind: str,
    subject: str,
    issuer_did: str | None,
    entry: bytes,
    now: datetime,
) -> int:
    index = log.append(entry)
    session.add(
        LogEntry(
            idx=index,
            kind=kind,
            subject=subject,
            issuer_did=issuer_did,
            entry=entry,
            leaf_hash=log.leaf_hash(index),
            created_at=now,
        )
    )
    return index


def _add_pending_keys(session: Session, log: MerkleLog, now: datetime) -> int:
    """Log every signing key not logged yet (LABELS.md: key changes go to the log)."""
    session.flush()
    logged = select(LogEntry.subject).where(LogEntry.kind == KEY_ADDED)
    pending = session.execute(
        select(SigningKey, Organisation.did)
        .join(Organisation, Organisation.id == SigningKey.org_id)
        .where(SigningKey.kid.not_in(logged))
        .order_by(SigningKey.created_at, SigningKey.kid)
    ).all()
    for key, did in pending:
        entry = {
            "kind": KEY_ADDED,
            "did": did,
            "kid": key.kid,
            "thumbprint": key.thumbprint,
            "public_jwk": key.public_jwk,
            "at": utc_text(key.created_at),
        }
        _add(session, log, KEY_ADDED, key.kid, did, canonical_json(entry), now)
    return len(pending)


def _checkpoint(
    session: Session, config: IssuerConfig, log: MerkleLog, signer: NoteSigner, now: datetime
) -> None:
    checkpoint = Checkpoint(origin(config), log.size, log.root())
    session.add(
        LogCheckpoint(
            size=log.size,
            root_hash=checkpoint.root_hash,
            signed_note=sign_checkpoint(checkpoint, signer),
            created_at=now,
        )
    )
    session.flush()


def append(
    session: Session,
    config: IssuerConfig,
    kind: str,
    subject: str,
    issuer_did: str | None,
    entry: bytes,
    now: datetime,
) -> int:
    """Append an entry (after any key not logged yet), sign the new checkpoint, return its index."""
    _lock(session)
    signer = note_signer(session, config, now)
    log = MerkleLog(DatabaseNodeStore(session), log_size(session))
    _add_pending_keys(session, log, now)
    index = _add(session, log, kind, subject, issuer_did, entry, now)
    _checkpoint(session, config, log, signer, now)
    return index


def log_pending_keys(session: Session, config: IssuerConfig, now: datetime) -> int:
    """Log keys created since the last append, with a new checkpoint; return how many."""
    _lock(session)
    signer = note_signer(session, config, now)
    log = MerkleLog(DatabaseNodeStore(session), log_size(session))
    added = _add_pending_keys(session, log, now)
    if added:
        _checkpoint(session, config, log, signer, now)
    return added


def latest_checkpoint(session: Session) -> LogCheckpoint:
    """Return the newest signed checkpoint, or raise NotFound for an empty log."""
    found = session.scalars(
        select(LogCheckpoint).order_by(LogCheckpoint.size.desc()).limit(1)
    ).first()
    if found is None:
        raise LogEntryNotFound("the log is empty")
    return found


class _RecordingStore:
    """A node store that answers any read with a placeholder and remembers what was read."""

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []

    def get(self, level: int, index: int) -> bytes | None:
        """Record the read and return a placeholder hash."""
        self.keys.append((level, index))
        return bytes(32)

    def put(self, level: int, index: int, digest: bytes) -> None:
        """Never called: proofs only read."""


_NODES_BY_ARRAYS = text(
    "SELECT n.level, n.idx, n.hash FROM log_nodes AS n"
    " JOIN unnest(CAST(:levels AS integer[]), CAST(:idxs AS integer[])) AS k(level, idx)"
    " ON n.level = k.level AND n.idx = k.idx"
)


class _PrefetchedStore:
    """The nodes a proof reads, fetched in one query."""

    def __init__(self, session: Session, keys: list[tuple[int, int]]) -> None:
        wanted = sorted(set(keys))
        if session.get_bind().dialect.name == "postgresql":
            # The same text whatever the path's length, so psycopg prepares it once per
            # connection instead of PostgreSQL planning a new IN list for every receipt.
            rows = session.execute(
                _NODES_BY_ARRAYS,
                {"levels": [level for level, _ in wanted], "idxs": [idx for _, idx in wanted]},
            )
        else:
            rows = session.execute(
                select(LogNode.level, LogNode.idx, LogNode.hash).where(
                    tuple_(LogNode.level, LogNode.idx).in_(wanted)
                )
            )
        self._nodes = {(level, idx): bytes(digest) for level, idx, digest in rows}

    def get(self, level: int, index: int) -> bytes | None:
        """Return a prefetched node hash, or None."""
        return self._nodes.get((level, index))

    def put(self, level: int, index: int, digest: bytes) -> None:
        """Never called: proofs only read."""


def receipt(
    session: Session, index: int, newest: tuple[int, str] | None = None
) -> InclusionReceipt:
    """Return the inclusion receipt of an entry against the newest checkpoint.

    newest: that checkpoint's (size, signed note) when the caller has read it already. The
    proof's O(log n) nodes are read in one query: a first pass over placeholders finds which
    nodes the RFC 9162 path needs (it depends only on index and size, not on hashes).
    """
    if newest is None:
        checkpoint = latest_checkpoint(session)
        newest = (checkpoint.size, checkpoint.signed_note)
    size, note = newest
    if not 0 <= index < size:
        raise LogEntryNotFound(f"no log entry {index}")
    recorder = _RecordingStore()
    make_receipt(MerkleLog(recorder, size), index, note)
    store = _PrefetchedStore(session, recorder.keys)
    return make_receipt(MerkleLog(store, size), index, note)


def _sized(session: Session, size: int, name: str) -> MerkleLog:
    current = log_size(session)
    if not 0 < size <= current:
        raise ValidationFailed("bad tree size", {f"/{name}": [f"must be in 1..{current}"]})
    return MerkleLog(DatabaseNodeStore(session), current)


def inclusion_proof(session: Session, index: int, tree_size: int) -> list[bytes]:
    """Return the audit path of entry index in the tree of tree_size."""
    log = _sized(session, tree_size, "tree_size")
    if not 0 <= index < tree_size:
        raise ValidationFailed("bad index", {"/index": [f"must be in 0..{tree_size - 1}"]})
    return log.inclusion_proof(index, tree_size)


def consistency_proof(session: Session, first: int, second: int) -> list[bytes]:
    """Return the proof that the tree of size first is a prefix of the tree of size second."""
    log = _sized(session, second, "second")
    if not 0 < first <= second:
        raise ValidationFailed("bad size", {"/first": [f"must be in 1..{second}"]})
    return log.consistency_proof(first, second)


def entries_of(session: Session, issuer_did: str, start: int, limit: int) -> list[LogEntry]:
    """Return log entries under an issuer, for monitors watching for a stolen key."""
    query = (
        select(LogEntry)
        .where(LogEntry.issuer_did == issuer_did, LogEntry.idx >= start)
        .order_by(LogEntry.idx)
        .limit(limit)
    )
    return list(session.scalars(query))
