"""Hash chaining of audit events: each event's hash covers its content and its predecessor's."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from service.domain.canonical_json import canonical_json

GENESIS = "0" * 64


@dataclass(frozen=True)
class EventContent:
    """What an audit event says, in the form that is hashed."""

    application_id: str
    seq: int
    kind: str
    actor_id: str | None
    payload: dict[str, Any]
    created_at: str  # ISO 8601 UTC with Z


def event_hash(previous_hash: str, content: EventContent) -> str:
    """Return the SHA-256 of the previous hash and the event's canonical JSON."""
    body = {
        "application_id": content.application_id,
        "seq": content.seq,
        "kind": content.kind,
        "actor_id": content.actor_id,
        "payload": content.payload,
        "created_at": content.created_at,
        "previous_hash": previous_hash,
    }
    return hashlib.sha256(canonical_json(body)).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first event whose stored hash or link does not match."""

    application_id: str
    seq: int
    reason: str


def first_break(
    events: list[tuple[EventContent, str, str]],
) -> ChainBreak | None:
    """Walk (content, stored previous hash, stored hash) in seq order; return the first break."""
    previous = GENESIS
    for expected_seq, (content, stored_previous, stored_hash) in enumerate(events, start=1):
        if content.seq != expected_seq:
            return ChainBreak(content.application_id, content.seq, f"expected seq {expected_seq}")
        if stored_previous != previous:
            return ChainBreak(content.application_id, content.seq, "link to previous event broken")
        if event_hash(previous, content) != stored_hash:
            return ChainBreak(content.application_id, content.seq, "content does not match hash")
        previous = stored_hash
    return None
